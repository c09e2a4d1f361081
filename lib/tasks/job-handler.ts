import type { TJobContext } from "../jobs/job-definition.ts";
import { loadEnv } from "../config/index.ts";
import { logger } from "../log/index.ts";
import type { TSatTimeouts } from "../connect/sat/index.ts";
import { runSatAttempt, type TTaskBody, type TTaskSettings } from "./run-attempt.ts";

export function taskSettings(): TTaskSettings {
  const env = loadEnv();
  return {
    maxAttempts: env.TASK_MAX_ATTEMPTS,
    retryDelayS: env.TASK_RETRY_DELAY_S,
    unreachableAfter: env.TASK_UNREACHABLE_AFTER,
    inadsWaitMin: env.INADS_TEST_WAIT_MIN,
  };
}

/** The SAT session's step limits from the environment (SAT_*_TIMEOUT_S). */
function satTimeouts(): Partial<TSatTimeouts> {
  const env = loadEnv();
  return {
    connect: env.SAT_CONNECT_TIMEOUT_S * 1000,
    dial: env.SAT_DIAL_TIMEOUT_S * 1000,
    login: env.SAT_LOGIN_TIMEOUT_S * 1000,
    command: env.SAT_COMMAND_TIMEOUT_S * 1000,
  };
}

/** A SAT task job's handler: the job names its TaskRun; the run holds what to do. */
export function satTaskHandler(body: TTaskBody) {
  return ({ taskRunId }: { taskRunId: number }, ctx: TJobContext) =>
    runSatAttempt(
      {
        db: ctx.db,
        nodeName: ctx.nodeName,
        conn: ctx.conn,
        port: ctx.port,
        line: ctx.line,
        jobId: ctx.jobId,
        settings: taskSettings(),
        timeouts: satTimeouts(),
        log: logger(`task ${ctx.nodeName}`),
      },
      taskRunId,
      body,
    );
}
