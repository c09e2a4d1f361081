import { z } from "zod";
import { defineJob } from "../job-definition.ts";
import { recordNotImplemented } from "./not-implemented.ts";

// STUB handler: routed and recorded, work not implemented in this release.
export const postAlarmCommands = defineJob({
  id: "task.post-alarm-commands",
  payload: z.object({ systemId: z.number().int().optional(), alarmId: z.number().int().optional() }),
  task: "post-alarm-commands",
  conns: ["modem", "ras", "ip"],
  queue: { retryLimit: 3, retryDelay: 30, expireInSeconds: 600 },
  handler: (payload, ctx) => recordNotImplemented("POST_ALARM_COMMANDS", payload, ctx),
});
