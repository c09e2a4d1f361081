import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  getSchedules,
  getTaskRun,
  listTaskRuns,
  requestTask,
  setInadsSchedule,
  systemTaskStatus,
  ZInadsScheduleInput,
  ZTaskListInput,
  ZTaskRunInput,
  ZTaskRunView,
} from "../../tasks/index.ts";
import { adminProcedure, router, technicianProcedure, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZSystemId = z.object({ systemId: ZId });

export const taskRouter = router({
  /** Queues a SAT task (Connect now, an INADS link test, a configuration report); answers the TaskRun id at once. */
  run: technicianProcedure
    .input(ZTaskRunInput)
    .output(z.object({ id: ZId }))
    .mutation(async ({ ctx, input }) => {
      const run = await requestTask(ctx.db, { input, requestedBy: ctx.principal.name });
      await auditChange(ctx, "task.run", `system ${input.systemId}`, { taskRunId: run.id, kind: input.kind, commands: input.commands });
      return run;
    }),
  get: viewerProcedure
    .input(z.object({ id: ZId }))
    .output(ZTaskRunView)
    .query(({ ctx, input }) => getTaskRun(ctx.db, input)),
  list: viewerProcedure.input(ZTaskListInput.optional()).query(({ ctx, input }) => listTaskRuns(ctx.db, input ?? {})),
  /** Per system: reachability, last INADS test, configuration changed, SNMP poll (Systems list, system page). */
  systemStatus: viewerProcedure
    .input(z.object({ systemId: ZId.optional() }).optional())
    .query(({ ctx, input }) => systemTaskStatus(ctx.db, input ?? {})),
  schedules: viewerProcedure.input(ZSystemId).query(({ ctx, input }) => getSchedules(ctx.db, input)),
  setInadsSchedule: adminProcedure.input(ZInadsScheduleInput).mutation(async ({ ctx, input }) => {
    const s = await setInadsSchedule(ctx.db, input);
    await auditChange(ctx, "inadsSchedule.set", `system ${input.systemId}`, input);
    return s;
  }),
});
