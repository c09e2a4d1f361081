import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { configReportBody, satTaskHandler } from "../../tasks/index.ts";
import { defineJob } from "../job-definition.ts";

/** Configuration report: the run's commands, stored raw and parsed, diffed against the previous report. */
export const configReport = defineJob({
  id: "task.config-report",
  payload: z.object({ taskRunId: ZId }),
  task: "config-report",
  conns: ["modem", "ras", "ip"],
  // Retries with back-off are the run's own (lib/tasks/run-attempt.ts); these cover a node that died mid-job.
  queue: { retryLimit: 2, retryDelay: 5, expireInSeconds: 1800 },
  handler: satTaskHandler(configReportBody),
});
