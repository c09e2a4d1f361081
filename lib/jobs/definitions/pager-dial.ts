import { z } from "zod";
import { defineJob } from "../job-definition.ts";
import { recordNotImplemented } from "./not-implemented.ts";

// STUB handler: routed and recorded, work not implemented in this release.
export const pagerDial = defineJob({
  id: "task.pager-dial",
  payload: z.object({ systemId: z.number().int().optional(), alarmId: z.number().int().optional() }),
  task: "pager-dial",
  conns: ["modem"],
  queue: { retryLimit: 3, retryDelay: 30, expireInSeconds: 600 },
  handler: (payload, ctx) => recordNotImplemented("PAGER_DIAL", payload, ctx),
});
