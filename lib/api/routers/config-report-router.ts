import { z } from "zod";
import { ZId } from "../../db/index.ts";
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
    .input(z.object({ systemId: ZId }))
    .output(z.object({ items: z.array(z.object({ id: ZId, createdAt: z.date(), changed: z.boolean() })) }))
    .query(({ ctx, input }) => listConfigReports(ctx.db, input)),
  get: viewerProcedure
    .input(z.object({ id: ZId }))
    .output(z.object({ id: ZId, systemId: ZId, createdAt: z.date(), content: z.string(), diff: z.unknown() }))
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
    .input(z.object({ systemId: ZId }))
    .query(async ({ ctx, input }) => (await getSchedules(ctx.db, input)).config),
});
