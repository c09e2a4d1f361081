import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  acknowledgeAlarms,
  acknowledgeMatching,
  alarmStats,
  alarmTrend,
  getAlarm,
  ingest,
  listAlarms,
  listRejects,
  resolveAlarms,
  resolveMatching,
  ZAlarmFilter,
  ZAlarmInput,
  ZAlarmListInput,
  ZAlarmSource,
} from "../../alarms/index.ts";
import { withSilencedBy } from "../../dispatch/index.ts";
import { router, technicianProcedure, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZComment = z.string().trim().max(1000).optional();
const ZIds = z.object({ ids: z.array(ZId).min(1).max(1000), comment: ZComment });
const ZMatching = z.object({ filter: ZAlarmFilter, comment: ZComment });

export const alarmRouter = router({
  // `silencedBy`: the silence in force for the alarm now (its notifications are held back), or null.
  list: viewerProcedure.input(ZAlarmListInput).query(async ({ ctx, input }) => {
    const page = await listAlarms(ctx.db, input);
    return { ...page, items: await withSilencedBy(ctx.db, page.items) };
  }),
  get: viewerProcedure.input(z.object({ id: ZId })).query(async ({ ctx, input }) => {
    const alarm = await getAlarm(ctx.db, input);
    const [withSilence] = await withSilencedBy(ctx.db, [alarm]);
    // One alarm in, one out; the fallback only keeps `silencedBy` on the type the pages derive.
    return withSilence ?? { ...alarm, silencedBy: null };
  }),
  stats: viewerProcedure.input(ZAlarmFilter.optional()).query(({ ctx, input }) => alarmStats(ctx.db, input ?? {})),
  trend: viewerProcedure
    .input(
      z
        .object({
          hours: z
            .number()
            .int()
            .min(1)
            .max(24 * 31)
            .default(24),
        })
        .optional(),
    )
    .query(({ ctx, input }) => alarmTrend(ctx.db, { hours: input?.hours ?? 24 })),

  /** Intake that was refused (malformed traps, wrong community, line noise, unknown alarm calls), newest first. */
  rejected: viewerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(500).default(100),
          cursor: ZId.optional(),
          source: ZAlarmSource.optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listRejects(ctx.db, { limit: input?.limit ?? 100, cursor: input?.cursor, source: input?.source })),

  acknowledge: technicianProcedure.input(ZIds).mutation(async ({ ctx, input }) => {
    const result = await acknowledgeAlarms(ctx.db, { ...input, actor: { name: ctx.principal.name, nodeName: ctx.env.NODE_NAME } });
    await auditChange(ctx, "alarm.acknowledge", result.changed.join(","), { comment: input.comment });
    return result;
  }),
  resolve: technicianProcedure.input(ZIds).mutation(async ({ ctx, input }) => {
    const result = await resolveAlarms(ctx.db, { ...input, actor: { name: ctx.principal.name, nodeName: ctx.env.NODE_NAME } });
    await auditChange(ctx, "alarm.resolve", result.changed.join(","), { comment: input.comment });
    return result;
  }),

  /** Every alarm the filter matches, on every page, in one action and one audit entry. */
  acknowledgeMatching: technicianProcedure.input(ZMatching).mutation(async ({ ctx, input }) => {
    const { count } = await acknowledgeMatching(ctx.db, { ...input, actor: { name: ctx.principal.name, nodeName: ctx.env.NODE_NAME } });
    await auditChange(ctx, "alarm.acknowledgeMatching", `${count} alarms`, { filter: input.filter, comment: input.comment, count });
    return { count };
  }),
  resolveMatching: technicianProcedure.input(ZMatching).mutation(async ({ ctx, input }) => {
    const { count } = await resolveMatching(ctx.db, { ...input, actor: { name: ctx.principal.name, nodeName: ctx.env.NODE_NAME } });
    await auditChange(ctx, "alarm.resolveMatching", `${count} alarms`, { filter: input.filter, comment: input.comment, count });
    return { count };
  }),

  /** Alarms from other programs: same dedup and lifecycle as traps and INADS calls. */
  ingest: technicianProcedure
    .input(
      z.object({
        alarms: z
          .array(ZAlarmInput.omit({ source: true }).extend({ source: z.enum(["API", "TEST"]).default("API") }))
          .min(1)
          .max(1000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const items = input.alarms.map((alarm) => ({ kind: "raise" as const, alarm }));
      const result = await ingest(ctx.db, items, { nodeName: ctx.env.NODE_NAME });
      return { created: result.created, repeated: result.repeated };
    }),
});
