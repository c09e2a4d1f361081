import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  awaitRunEnd,
  createAlarmReport,
  deleteAlarmReport,
  getAlarmReport,
  listAlarmReports,
  listReportSends,
  requestRunNow,
  updateAlarmReport,
  ZAlarmReportInput,
} from "../../maintenance/index.ts";
import { adminProcedure, router, technicianProcedure, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZById = z.object({ id: ZId });

export const alarmReportRouter = router({
  list: viewerProcedure.query(({ ctx }) => listAlarmReports(ctx.db)),
  get: viewerProcedure.input(ZById).query(({ ctx, input }) => getAlarmReport(ctx.db, input.id)),
  create: adminProcedure.input(ZAlarmReportInput).mutation(async ({ ctx, input }) => {
    const r = await createAlarmReport(ctx.db, { input, createdBy: ctx.principal.name });
    await auditChange(ctx, "alarmReport.create", `${r.id} ${r.name}`, input);
    return r;
  }),
  update: adminProcedure.input(ZAlarmReportInput.partial().extend({ id: ZId })).mutation(async ({ ctx, input }) => {
    const { id, ...patch } = input;
    const r = await updateAlarmReport(ctx.db, { id, patch });
    await auditChange(ctx, "alarmReport.update", `${r.id} ${r.name}`, patch);
    return r;
  }),
  delete: adminProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    const r = await deleteAlarmReport(ctx.db, input);
    await auditChange(ctx, "alarmReport.delete", `${r.id} ${r.name}`);
    return { id: r.id };
  }),
  /**
   * Sends the report now (for the period ending now) from the primary, as an ALARM_REPORT run,
   * and waits for the outcome: SENT, or FAILED with the SMTP server's reason.
   */
  sendNow: technicianProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    const report = await getAlarmReport(ctx.db, input.id);
    const run = await requestRunNow(ctx.db, { kind: "ALARM_REPORT", payload: { reportId: report.id }, requestedBy: ctx.principal.name });
    await auditChange(ctx, "alarmReport.sendNow", `${report.id} ${report.name}`, { runId: run.id });
    const ended = await awaitRunEnd(ctx.db, run.id, 60_000);
    const sendId = (ended?.result as { sendIds?: number[] } | null)?.sendIds?.[0] ?? null;
    return { id: report.id, runId: run.id, sendId, status: ended?.status ?? "RUNNING", detail: ended?.detail ?? "still sending" };
  }),
  /** What was sent to whom, newest first. */
  sent: viewerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(200).default(50),
          cursor: ZId.nullish(),
          reportId: ZId.optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listReportSends(ctx.db, { limit: input?.limit ?? 50, cursor: input?.cursor, reportId: input?.reportId })),
});
