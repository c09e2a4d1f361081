import type { TDb } from "../db/index.ts";
import { ALARM_CHANNEL } from "./live-channel.ts";

export type TActor = { name: string; nodeName: string };

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Acknowledges active alarms; already acknowledged or resolved ones are left as they are. */
export async function acknowledgeAlarms(db: TDb, { ids, comment, actor }: { ids: number[]; comment?: string; actor: TActor }) {
  return transition(db, {
    ids,
    actor,
    kind: "ACKNOWLEDGED",
    message: comment ? `Acknowledged: ${comment}` : "Acknowledged",
    set: `status = 'ACKNOWLEDGED', "acknowledgedAt" = ${NOW_UTC}, "acknowledgedBy" = $2`,
    where: `status = 'ACTIVE'`,
  });
}

/** Resolves unresolved alarms, freeing their dedup key so a new report opens a new alarm. */
export async function resolveAlarms(db: TDb, { ids, comment, actor }: { ids: number[]; comment?: string; actor: TActor }) {
  return transition(db, {
    ids,
    actor,
    kind: "RESOLVED",
    message: comment ? `Resolved: ${comment}` : "Resolved by hand",
    set: `status = 'RESOLVED', "activeKey" = NULL, "resolvedAt" = ${NOW_UTC}, "resolvedBy" = $2`,
    where: `status <> 'RESOLVED'`,
  });
}

async function transition(
  db: TDb,
  opts: { ids: number[]; actor: TActor; kind: string; message: string; set: string; where: string },
): Promise<{ changed: number[] }> {
  if (opts.ids.length === 0) return { changed: [] };
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `WITH c AS (
       UPDATE "Alarm" SET ${opts.set} WHERE id = ANY($1::int[]) AND ${opts.where} RETURNING id
     ), ev AS (
       INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
       SELECT id, ${NOW_UTC}, $3, $2, $4, $5 FROM c
     ), n AS (SELECT pg_notify($6, $3) FROM (SELECT 1 FROM c LIMIT 1) x)
     SELECT id FROM c, (SELECT count(*) FROM n) nn`,
    opts.ids,
    opts.actor.name,
    opts.kind,
    opts.actor.nodeName,
    opts.message,
    ALARM_CHANNEL,
  );
  return { changed: rows.map((r) => Number(r.id)) };
}
