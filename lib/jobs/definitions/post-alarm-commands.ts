import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { postAlarmCommandsBody, satTaskHandler } from "../../tasks/index.ts";
import { defineJob } from "../job-definition.ts";

/** Commands after an alarm: a command rule's steps; the results go on the alarm's timeline. */
export const postAlarmCommands = defineJob({
  id: "task.post-alarm-commands",
  payload: z.object({ taskRunId: ZId }),
  task: "post-alarm-commands",
  conns: ["modem", "ras", "ip"],
  // Retries with back-off are the run's own (lib/tasks/run-attempt.ts); these cover a node that died mid-job.
  queue: { retryLimit: 2, retryDelay: 5, expireInSeconds: 900 },
  handler: satTaskHandler(postAlarmCommandsBody),
});
