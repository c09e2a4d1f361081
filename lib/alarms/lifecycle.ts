import { Prisma, type TDb } from "../db/index.ts";
import { ALARM_CHANNEL } from "./live-channel.ts";

export type TActor = { name: string; nodeName: string };

const NOW_UTC = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/** Acknowledges active alarms; already acknowledged or resolved ones are left as they are. */
export async function acknowledgeAlarms(db: TDb, { ids, comment, actor }: { ids: number[]; comment?: string; actor: TActor }) {
  return transition(db, {
    ids,
    actor,
    kind: "ACKNOWLEDGED",
    message: comment ? `Acknowledged: ${comment}` : "Acknowledged",
    set: Prisma.sql`status = 'ACKNOWLEDGED', "acknowledgedAt" = ${NOW_UTC}, "acknowledgedBy" = ${actor.name}`,
    where: Prisma.sql`status = 'ACTIVE'`,
  });
}

/** Resolves unresolved alarms, freeing their dedup key so a new report opens a new alarm. */
export async function resolveAlarms(db: TDb, { ids, comment, actor }: { ids: number[]; comment?: string; actor: TActor }) {
  return transition(db, {
    ids,
    actor,
    kind: "RESOLVED",
    message: comment ? `Resolved: ${comment}` : "Resolved by hand",
    set: Prisma.sql`status = 'RESOLVED', "activeKey" = NULL, "resolvedAt" = ${NOW_UTC}, "resolvedBy" = ${actor.name}`,
    where: Prisma.sql`status <> 'RESOLVED'`,
  });
}

/** One statement: the update, its timeline entries and the NOTIFY for live boards, or nothing at all. */
async function transition(
  db: TDb,
  opts: { ids: number[]; actor: TActor; kind: string; message: string; set: Prisma.Sql; where: Prisma.Sql },
): Promise<{ changed: number[] }> {
  if (opts.ids.length === 0) return { changed: [] };
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH c AS (
      UPDATE "Alarm" SET ${opts.set} WHERE id = ANY(${opts.ids}::int[]) AND ${opts.where} RETURNING id
    ), ev AS (
      INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
      SELECT id, ${NOW_UTC}, ${opts.kind}, ${opts.actor.name}, ${opts.actor.nodeName}, ${opts.message} FROM c
    ), n AS (SELECT pg_notify(${ALARM_CHANNEL}, ${opts.kind}) FROM (SELECT 1 FROM c LIMIT 1) x)
    SELECT id FROM c, (SELECT count(*) FROM n) nn`;
  return { changed: rows.map((r) => Number(r.id)) };
}
