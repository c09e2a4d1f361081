import { StaleEpochError } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";

/** The columns an archived alarm keeps (activeKey is NULL for every resolved alarm). */
const COLUMNS = [
  "id",
  "source",
  "systemId",
  "productId",
  "severity",
  "alarmNumber",
  "maintObject",
  "port",
  "onBoard",
  "altName",
  "alarmType",
  "description",
  "svcState",
  "status",
  "firstSeenAt",
  "lastSeenAt",
  "count",
  "dedupKey",
  "raw",
  "searchText",
  "receivedBy",
  "acknowledgedAt",
  "acknowledgedBy",
  "resolvedAt",
  "resolvedBy",
].map((c) => `"${c}"`);

export type TLeaseGuard = { nodeName: string; epoch: number };

// Each batch re-checks the lease in the same statement: a primary that lost it moves nothing more.
const LEASE_OK = `EXISTS (SELECT 1 FROM "PrimaryLease" WHERE id = 1 AND "holderName" = $1 AND epoch = $2 AND "expiresAt" > (now() AT TIME ZONE 'UTC'))`;

/*
 * One batch in one statement: lock up to $4 old resolved alarms (SKIP LOCKED: a row someone is
 * touching right now waits for the next batch instead of making the board wait), copy them with
 * their timeline, notifications and task-run ids into ArchivedAlarm, delete them from Alarm (the
 * events and notifications go with them by cascade). Uses the (status, lastSeenAt) index.
 */
const MOVE_BATCH = `
WITH batch AS (
  SELECT id FROM "Alarm"
  WHERE status = 'RESOLVED' AND "lastSeenAt" < $3::timestamp AND COALESCE("resolvedAt", "lastSeenAt") < $3::timestamp AND ${LEASE_OK}
  ORDER BY "lastSeenAt" LIMIT $4 FOR UPDATE SKIP LOCKED
), moved AS (
  INSERT INTO "ArchivedAlarm" (${COLUMNS.join(", ")}, "archivedAt", history)
  SELECT ${COLUMNS.map((c) => `a.${c}`).join(", ")}, (now() AT TIME ZONE 'UTC'), jsonb_build_object(
    'events', (SELECT COALESCE(jsonb_agg(to_jsonb(e) - 'alarmId' ORDER BY e.id), '[]'::jsonb) FROM "AlarmEvent" e WHERE e."alarmId" = a.id),
    'notifications', (SELECT COALESCE(jsonb_agg(to_jsonb(n) - 'alarmId' ORDER BY n.id), '[]'::jsonb) FROM "Notification" n WHERE n."alarmId" = a.id),
    'taskRunIds', (SELECT COALESCE(jsonb_agg(t.id ORDER BY t.id), '[]'::jsonb) FROM "TaskRun" t WHERE t."alarmId" = a.id))
  FROM "Alarm" a JOIN batch USING (id)
  ON CONFLICT (id) DO NOTHING
  RETURNING id
)
DELETE FROM "Alarm" WHERE id IN (SELECT id FROM moved)`;

const PURGE_BATCH = `
DELETE FROM "ArchivedAlarm" WHERE id IN (
  SELECT id FROM "ArchivedAlarm"
  WHERE "lastSeenAt" < $3::timestamp AND COALESCE("resolvedAt", "lastSeenAt") < $3::timestamp AND ${LEASE_OK}
  LIMIT $4)`;

export type TBatchLoop = {
  guard: TLeaseGuard;
  batchSize?: number;
  /** A breather between batches, so intake and the board get the table between two batches. */
  pauseMs?: number;
  signal?: AbortSignal;
};

async function leaseHeld(db: TDb, { nodeName, epoch }: TLeaseGuard): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT ${LEASE_OK} AS ok`, nodeName, epoch);
  return rows[0]?.ok === true;
}

async function loop(db: TDb, sql: string, cutoff: string, { guard, batchSize = 1000, pauseMs = 10, signal }: TBatchLoop) {
  let total = 0;
  let batches = 0;
  for (;;) {
    if (signal?.aborted) throw new StaleEpochError(guard.nodeName, guard.epoch);
    const n = await db.$executeRawUnsafe(sql, guard.nodeName, guard.epoch, cutoff, batchSize);
    total += n;
    if (n > 0) batches++;
    if (n < batchSize) {
      // A short batch means done, or that the lease guard stopped it: tell the two apart.
      if (!(await leaseHeld(db, guard))) throw new StaleEpochError(guard.nodeName, guard.epoch);
      return { total, batches };
    }
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** The cutoff `n` days / months before now on the database's clock, as a UTC timestamp literal (how the columns store time). */
async function cutoffBefore(db: TDb, unit: "days" | "months", n: number): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ at: string }[]>(
    `SELECT ((now() AT TIME ZONE 'UTC') - make_interval(${unit} => $1))::text AS at`,
    n,
  );
  const at = rows[0]?.at;
  if (!at) throw new Error("no database time");
  return at;
}

/** Moves resolved alarms older than `afterDays` into the archive, in small batches. */
export async function archiveResolvedAlarms(db: TDb, { afterDays, ...opts }: { afterDays: number } & TBatchLoop) {
  const started = Date.now();
  const r = await loop(db, MOVE_BATCH, await cutoffBefore(db, "days", afterDays), opts);
  return { archived: r.total, batches: r.batches, durationMs: Date.now() - started };
}

/** Deletes archived alarms older than `months`. */
export async function purgeArchivedAlarms(db: TDb, { months, ...opts }: { months: number } & TBatchLoop) {
  const started = Date.now();
  const r = await loop(db, PURGE_BATCH, await cutoffBefore(db, "months", months), { batchSize: 5000, ...opts });
  return { purged: r.total, durationMs: Date.now() - started };
}
