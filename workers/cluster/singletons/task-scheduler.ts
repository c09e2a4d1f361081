import { judgeInadsTests, parseTaskWindow, queueDueSchedules } from "../../../lib/tasks/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

/**
 * Scheduled server tasks: queues the configuration reports and INADS link tests due in the
 * TASK_WINDOW, and gives the INADS link tests waiting for their test alarm their verdict.
 */
export function taskSchedulerSingleton({ db, env, nodeName, log }: TSingletonDeps): TSingleton {
  const window = parseTaskWindow(env.TASK_WINDOW);
  if (typeof window === "string") log.error(`TASK_WINDOW: ${window}; scheduled tasks do not start`);
  return {
    kind: "task-scheduler",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "queued due scheduled tasks and judged INADS link tests",
    after: async () => {
      const verdicts = await judgeInadsTests(db, { nodeName });
      if (verdicts.passed.length || verdicts.failed.length)
        log.info(`INADS link tests: ${verdicts.passed.length} passed, ${verdicts.failed.length} failed`);
      if (typeof window === "string") return;
      const due = await queueDueSchedules(db, { window });
      if (due.reports.length || due.tests.length)
        log.info(`scheduled: ${due.reports.length} configuration report(s), ${due.tests.length} INADS link test(s)`);
    },
  };
}
