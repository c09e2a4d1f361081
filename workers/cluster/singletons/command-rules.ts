import { matchNewAlarms } from "../../../lib/tasks/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

/**
 * Commands after alarms: each new alarm is matched against the command rules once, and every
 * matching rule queues a `task.post-alarm-commands.<conn>` run for a node allowed to do it.
 * Progress lives in CommandRuleMatch (fenced by the slot's epoch), so a new primary carries on
 * where the old one stopped and never runs a rule twice for one alarm.
 */
export function commandRulesSingleton({ db, env, nodeName, log }: TSingletonDeps): TSingleton {
  return {
    kind: "command-rules",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "matched new alarms against the command rules",
    after: async ({ epoch }) => {
      for (let pass = 0; pass < 10; pass++) {
        const { looked, runs } = await matchNewAlarms(db, { nodeName, epoch });
        if (runs.length) log.info(`command rules: ${runs.length} run(s) queued for ${looked} new alarm(s)`);
        if (looked < 200) return;
      }
    },
  };
}
