import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { inadsTestBody, satTaskHandler } from "../../tasks/index.ts";
import { defineJob } from "../job-definition.ts";

/** INADS link test: connect, `test inads-link`, hang up; the verdict waits for the test alarm (lib/tasks/inads-test.ts). */
export const inadsTest = defineJob({
  id: "task.inads-test",
  payload: z.object({ taskRunId: ZId }),
  task: "inads-test",
  conns: ["modem", "ras", "ip"],
  // Retries with back-off are the run's own (lib/tasks/run-attempt.ts); these cover a node that died mid-job.
  queue: { retryLimit: 2, retryDelay: 5, expireInSeconds: 900 },
  handler: satTaskHandler(inadsTestBody),
});
