import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { manualCommandBody, satTaskHandler } from "../../tasks/index.ts";
import { defineJob } from "../job-definition.ts";

/** Connect now: a person's SAT commands, run once (no retry: the person is watching). */
export const manualCommand = defineJob({
  id: "task.manual-command",
  payload: z.object({ taskRunId: ZId }),
  // No server-task role: any node allowed the connection type may run a person's command.
  task: null,
  conns: ["modem", "ras", "ip"],
  queue: { retryLimit: 1, retryDelay: 2, expireInSeconds: 600 },
  handler: satTaskHandler(manualCommandBody),
});
