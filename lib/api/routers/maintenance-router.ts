import { z } from "zod";
import { listRoutines, listRuns, requestRunNow, updateRoutine, ZMaintenanceKind, ZMaintenanceUpdate } from "../../maintenance/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const maintenanceRouter = router({
  /** Each routine: enabled, window, settings, when the next window opens, and its latest run. */
  list: viewerProcedure.query(async ({ ctx }) => {
    const routines = await listRoutines(ctx.db);
    return Promise.all(routines.map(async (r) => ({ ...r, lastRun: (await listRuns(ctx.db, { kind: r.kind, limit: 1 }))[0] ?? null })));
  }),
  /** Recent runs, newest first: node, start, end, status, detail, and sizes/counts in `result`. */
  runs: viewerProcedure
    .input(z.object({ kind: ZMaintenanceKind.optional(), limit: z.number().int().min(1).max(200).default(20) }).optional())
    .query(async ({ ctx, input }) => ({ items: await listRuns(ctx.db, { kind: input?.kind, limit: input?.limit ?? 20 }) })),
  /** Runs a routine now, on the primary (whichever node is asked); returns the run's id once it started. */
  runNow: adminProcedure.input(z.object({ kind: ZMaintenanceKind })).mutation(async ({ ctx, input }) => {
    const run = await requestRunNow(ctx.db, { kind: input.kind, requestedBy: ctx.principal.name });
    await auditChange(ctx, "maintenance.runNow", input.kind, { runId: run.id });
    return run;
  }),
  update: adminProcedure.input(ZMaintenanceUpdate).mutation(async ({ ctx, input }) => {
    const changed = await updateRoutine(ctx.db, input);
    await auditChange(ctx, "maintenance.update", input.kind, changed);
    return { kind: input.kind, ...changed.after };
  }),
});
