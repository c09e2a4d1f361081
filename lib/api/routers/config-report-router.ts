import { z } from "zod";
import {
  getConfigReport,
  getSchedules,
  listConfigReports,
  recentConfigReports,
  setConfigSchedule,
  ZConfigScheduleInput,
} from "../../tasks/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const configReportRouter = router({
  list: viewerProcedure
    .input(z.object({ systemId: z.number().int() }))
    .output(z.object({ items: z.array(z.object({ id: z.number().int(), createdAt: z.date(), changed: z.boolean() })) }))
    .query(({ ctx, input }) => listConfigReports(ctx.db, input)),
  get: viewerProcedure
    .input(z.object({ id: z.number().int() }))
    .output(z.object({ id: z.number().int(), systemId: z.number().int(), createdAt: z.date(), content: z.string(), diff: z.unknown() }))
    .query(({ ctx, input }) => getConfigReport(ctx.db, input)),
  /** The newest reports of every system, for the Reports page. */
  recent: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).optional())
    .query(({ ctx, input }) => recentConfigReports(ctx.db, { limit: input?.limit ?? 100 })),
});

export const configScheduleRouter = router({
  set: adminProcedure.input(ZConfigScheduleInput).mutation(async ({ ctx, input }) => {
    const s = await setConfigSchedule(ctx.db, input);
    await auditChange(ctx, "configSchedule.set", `system ${input.systemId}`, input);
    return s;
  }),
  get: viewerProcedure
    .input(z.object({ systemId: z.number().int() }))
    .query(async ({ ctx, input }) => (await getSchedules(ctx.db, input)).config),
});
