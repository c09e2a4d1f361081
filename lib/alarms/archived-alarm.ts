import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";

// to_jsonb() of a timestamp column has no zone; the columns hold UTC.
const ZUtc = z.string().transform((s) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`));
const ZHistory = z.object({
  events: z
    .array(
      z.object({
        id: z.number(),
        at: ZUtc,
        kind: z.string(),
        actor: z.string().nullable().optional(),
        nodeName: z.string().nullable().optional(),
        message: z.string(),
        data: z.unknown().optional(),
      }),
    )
    .catch([]),
  taskRunIds: z.array(z.number()).catch([]),
});

/**
 * An alarm the archive routine moved out of the live table, in the shape alarm.get gives a live
 * one (its timeline comes from the history kept with it), or NOT_FOUND.
 */
export async function getArchivedAlarm(db: TDb, { id }: { id: number }) {
  const a = await db.archivedAlarm.findUnique({
    where: { id },
    include: { system: { select: { id: true, name: true, productId: true, customer: { select: { name: true } } } } },
  });
  if (!a) throw new AppError("NOT_FOUND", `no alarm ${id}`);
  const { searchText: _omit, history, ...rest } = a;
  const h = ZHistory.safeParse(history ?? {});
  const events = h.success ? h.data.events.map((e) => ({ ...e, alarmId: id, actor: e.actor ?? null, nodeName: e.nodeName ?? null })) : [];
  const taskRunIds = h.success ? h.data.taskRunIds : [];
  const taskRuns = taskRunIds.length
    ? await db.taskRun.findMany({
        where: { id: { in: taskRunIds } },
        orderBy: { id: "desc" },
        take: 20,
        select: { id: true, kind: true, status: true, nodeName: true, createdAt: true },
      })
    : [];
  return { ...rest, archived: true as const, events, taskRuns };
}
