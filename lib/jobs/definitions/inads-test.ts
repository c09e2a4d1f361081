import { z } from "zod";
import { defineJob } from "../job-definition.ts";
import { recordNotImplemented } from "./not-implemented.ts";

// STUB handler: routed and recorded, work not implemented in this release.
export const inadsTest = defineJob({
  id: "task.inads-test",
  payload: z.object({ systemId: z.number().int().optional(), alarmId: z.number().int().optional() }),
  task: "inads-test",
  conns: ["modem", "ras", "ip"],
  queue: { retryLimit: 3, retryDelay: 30, expireInSeconds: 600 },
  handler: (payload, ctx) => recordNotImplemented("INADS_TEST", payload, ctx),
});
