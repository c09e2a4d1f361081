import type { TDb } from "../db/index.ts";
import { applyAltAlarmTypes } from "./alt-alarm-type.ts";
import type { TAlarmClear, TAlarmInput, TSystemEventInput } from "./alarm-input.ts";
import { dedupKeyOf } from "./dedup-key.ts";
import { applyFieldRules } from "./field-rules.ts";
import { ALARM_CHANNEL } from "./live-channel.ts";
import { searchTextOf } from "./search-text.ts";

export type TIngestContext = {
  nodeName: string;
  /** The batch came from this lane of the node's local spool, up to `seq` (see intake-spool.ts). */
  spool?: { lane: number; seq: number };
};
export type TIngestItem =
  | { kind: "raise"; alarm: TAlarmInput }
  | { kind: "clear"; clear: TAlarmClear }
  | { kind: "event"; event: TSystemEventInput };
export type TIngestResult = { created: number[]; repeated: number[]; resolved: number[]; events: number };

type TGroup = { key: string; first: TAlarmInput; last: TAlarmInput; count: number; firstAt: Date; lastAt: Date };

// Prisma keeps DateTime as UTC in `timestamp(3)`: cast ISO text, never rely on the session zone.
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

function groupByKey(alarms: TAlarmInput[]): TGroup[] {
  const groups = new Map<string, TGroup>();
  const now = new Date();
  for (const a of alarms) {
    const key = dedupKeyOf(a);
    const at = a.occurredAt ?? now;
    const g = groups.get(key);
    if (!g) groups.set(key, { key, first: a, last: a, count: 1, firstAt: at, lastAt: at });
    else {
      g.last = a;
      g.count += 1;
      if (at > g.lastAt) g.lastAt = at;
      if (at < g.firstAt) g.firstAt = at;
    }
  }
  return [...groups.values()];
}

// An alarm storm must not bury the timeline: at most one "reported again" entry per alarm per
// minute; the alarm's count (and the entry's "count now") says how many reports arrived.
const NO_RECENT_REPEAT_EVENT = (alarmId: string) =>
  `NOT EXISTS (SELECT 1 FROM "AlarmEvent" e WHERE e."alarmId" = ${alarmId} AND e.kind = 'REPEATED' AND e.at > ${NOW_UTC} - interval '1 minute')`;

const RAISE_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[], $16::text[], $17::text[]
  ) AS t(source, "productId", severity, "alarmNumber", "maintObject", port, "onBoard", "altName",
         "alarmType", description, "svcState", "firstSeenAt", "lastSeenAt", count, "dedupKey", raw, "searchText")
), up AS (
  INSERT INTO "Alarm" (source, "systemId", "productId", severity, "alarmNumber", "maintObject", port, "onBoard",
    "altName", "alarmType", description, "svcState", status, "firstSeenAt", "lastSeenAt", count, "dedupKey",
    "activeKey", raw, "searchText", "receivedBy")
  SELECT i.source::"AlarmSource", s.id, i."productId", i.severity::"Severity", i."alarmNumber", i."maintObject",
    i.port, i."onBoard", i."altName", i."alarmType", i.description, i."svcState", 'ACTIVE',
    i."firstSeenAt"::timestamp(3), i."lastSeenAt"::timestamp(3), i.count, i."dedupKey", i."dedupKey",
    i.raw::jsonb, i."searchText", $18
  FROM input i LEFT JOIN "System" s ON s."productId" = i."productId"
  ON CONFLICT ("activeKey") DO UPDATE SET
    count = "Alarm".count + EXCLUDED.count,
    "lastSeenAt" = GREATEST("Alarm"."lastSeenAt", EXCLUDED."lastSeenAt"),
    severity = EXCLUDED.severity,
    "alarmNumber" = COALESCE(EXCLUDED."alarmNumber", "Alarm"."alarmNumber"),
    description = COALESCE(EXCLUDED.description, "Alarm".description),
    "onBoard" = COALESCE(EXCLUDED."onBoard", "Alarm"."onBoard"),
    "svcState" = COALESCE(EXCLUDED."svcState", "Alarm"."svcState"),
    raw = EXCLUDED.raw,
    "searchText" = EXCLUDED."searchText"
  RETURNING id, (xmax = 0) AS inserted, source, "dedupKey", count
), ev AS (
  INSERT INTO "AlarmEvent" ("alarmId", at, kind, "nodeName", message)
  SELECT up.id, ${NOW_UTC}, CASE WHEN up.inserted THEN 'RECEIVED' ELSE 'REPEATED' END, $18,
    CASE WHEN up.inserted THEN 'Received by ' || up.source || ' on ' || $18
         ELSE 'Reported again via ' || up.source || ' on ' || $18 || ' (count now ' || up.count || ')' END
  FROM up WHERE up.inserted OR ${NO_RECENT_REPEAT_EVENT("up.id")}
)
SELECT id, inserted FROM up`;

// A storm is mostly repeats of alarms already open with nothing new in them: those only bump
// count, lastSeenAt and severity, so the raw trap (the row's bulk) and searchText are neither
// sent nor rewritten. A repeat whose fields differ goes through RAISE_SQL like a new alarm.
const REPEAT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[])
    AS t(key, count, "lastSeenAt", severity, "alarmNumber", description, "onBoard", "svcState")
), up AS (
  UPDATE "Alarm" a SET
    count = a.count + i.count,
    "lastSeenAt" = GREATEST(a."lastSeenAt", i."lastSeenAt"::timestamp(3)),
    severity = i.severity::"Severity"
  FROM input i
  WHERE a."activeKey" = i.key
    AND (i."alarmNumber" IS NULL OR a."alarmNumber" IS NOT DISTINCT FROM i."alarmNumber")
    AND (i.description IS NULL OR a.description IS NOT DISTINCT FROM i.description)
    AND (i."onBoard" IS NULL OR a."onBoard" IS NOT DISTINCT FROM i."onBoard")
    AND (i."svcState" IS NULL OR a."svcState" IS NOT DISTINCT FROM i."svcState")
  RETURNING a.id, a."activeKey" AS key, a.source, a.count
), ev AS (
  INSERT INTO "AlarmEvent" ("alarmId", at, kind, "nodeName", message)
  SELECT id, ${NOW_UTC}, 'REPEATED', $9, 'Reported again via ' || source || ' on ' || $9 || ' (count now ' || count || ')'
  FROM up WHERE ${NO_RECENT_REPEAT_EVENT("up.id")}
)
SELECT id, key FROM up`;

async function raise(tx: TDb, alarms: TAlarmInput[], ctx: TIngestContext, out: TIngestResult): Promise<void> {
  if (alarms.length === 0) return;
  const all = groupByKey(alarms);
  const repeated = await tx.$queryRawUnsafe<{ id: number; key: string }[]>(
    REPEAT_SQL,
    all.map((g) => g.key),
    all.map((g) => g.count),
    all.map((g) => g.lastAt.toISOString()),
    all.map((g) => g.last.severity),
    all.map((g) => g.last.alarmNumber ?? null),
    all.map((g) => g.last.description ?? null),
    all.map((g) => g.last.onBoard ?? null),
    all.map((g) => g.last.svcState ?? null),
    ctx.nodeName,
  );
  const done = new Set<string>();
  for (const r of repeated) {
    done.add(r.key);
    out.repeated.push(Number(r.id));
  }
  const groups = done.size ? all.filter((g) => !done.has(g.key)) : all;
  if (groups.length === 0) return;
  const col = <T>(f: (g: TGroup) => T) => groups.map(f);
  const rows = await tx.$queryRawUnsafe<{ id: number; inserted: boolean }[]>(
    RAISE_SQL,
    col((g) => g.last.source),
    col((g) => g.last.productId ?? null),
    col((g) => g.last.severity),
    col((g) => g.last.alarmNumber ?? null),
    col((g) => g.last.maintObject ?? null),
    col((g) => g.last.port ?? null),
    col((g) => g.last.onBoard ?? null),
    col((g) => g.last.altName ?? null),
    col((g) => g.last.alarmType ?? null),
    col((g) => g.last.description ?? null),
    col((g) => g.last.svcState ?? null),
    col((g) => g.firstAt.toISOString()),
    col((g) => g.lastAt.toISOString()),
    col((g) => g.count),
    col((g) => g.key),
    col((g) => JSON.stringify(g.last.raw ?? null)),
    col((g) =>
      searchTextOf([g.last.description, g.last.maintObject, g.last.port, g.last.altName, g.last.productId, g.last.alarmNumber], g.last.raw),
    ),
    ctx.nodeName,
  );
  for (const r of rows) (r.inserted ? out.created : out.repeated).push(Number(r.id));
}

const CLEAR_SQL = `
WITH c AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::text[]) AS t("productId", "alarmNumber", "dedupKey", "all", by)
), r AS (
  UPDATE "Alarm" a SET status = 'RESOLVED', "activeKey" = NULL, "resolvedAt" = ${NOW_UTC}, "resolvedBy" = c.by
  FROM c
  WHERE a."activeKey" IS NOT NULL AND a."productId" = c."productId" AND (
    c."all" OR (c."alarmNumber" IS NOT NULL AND a."alarmNumber" = c."alarmNumber")
    OR (c."alarmNumber" IS NULL AND c."dedupKey" IS NOT NULL AND a."dedupKey" = c."dedupKey"))
  RETURNING a.id, c.by
), ev AS (
  INSERT INTO "AlarmEvent" ("alarmId", at, kind, "nodeName", message, actor)
  SELECT id, ${NOW_UTC}, 'RESOLVED', $6, 'Resolved by the system (' || by || ')', 'system' FROM r
) SELECT id FROM r`;

/** A run of consecutive clears in one statement (an alarm two clears name is resolved once). */
async function clear(tx: TDb, clears: TAlarmClear[], ctx: TIngestContext, out: TIngestResult): Promise<void> {
  const named = clears.filter((c) => c.all || c.alarmNumber || c.dedupKey);
  if (named.length === 0) return;
  const col = <T>(f: (c: TAlarmClear) => T) => named.map(f);
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    CLEAR_SQL,
    col((c) => c.productId),
    col((c) => (c.all ? null : (c.alarmNumber ?? null))),
    col((c) => (c.all || c.alarmNumber ? null : (c.dedupKey ?? null))),
    col((c) => !!c.all),
    col((c) => `${c.source} on ${ctx.nodeName}`),
    ctx.nodeName,
  );
  for (const r of rows) out.resolved.push(Number(r.id));
}

/** System events do not touch alarms, so a batch's events go in one statement whatever their position. */
async function systemEvents(tx: TDb, events: TSystemEventInput[], ctx: TIngestContext): Promise<void> {
  if (events.length === 0) return;
  const col = <T>(f: (e: TSystemEventInput) => T) => events.map(f);
  await tx.$executeRawUnsafe(
    `INSERT INTO "SystemEvent" ("systemId", "productId", source, kind, at, "nodeName", message, raw)
     SELECT s.id, e."productId", e.source::"AlarmSource", e.kind, ${NOW_UTC}, $5, e.message, e.raw::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[]) WITH ORDINALITY AS e("productId", source, kind, message, raw, n)
     LEFT JOIN "System" s ON s."productId" = e."productId"
     ORDER BY e.n`,
    col((e) => e.productId ?? null),
    col((e) => e.source),
    col((e) => e.kind),
    col((e) => e.message),
    ctx.nodeName,
    col((e) => JSON.stringify(e.raw ?? null)),
  );
}

/** In the batch's transaction: the spool items up to `seq` are stored, a replay must skip them. */
async function markSpool(tx: TDb, nodeName: string, { lane, seq }: { lane: number; seq: number }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "IntakeSpoolMark" ("nodeName", lane, seq, at) VALUES (${nodeName}, ${lane}, ${seq}::bigint, (now() AT TIME ZONE 'UTC'))
    ON CONFLICT ("nodeName", lane) DO UPDATE SET seq = GREATEST("IntakeSpoolMark".seq, EXCLUDED.seq), at = EXCLUDED.at`;
}

/** The highest spool sequence number of this node's lane already stored (0: none). */
export async function spoolMark(db: TDb, { nodeName, lane }: { nodeName: string; lane: number }): Promise<number> {
  const rows = await db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "IntakeSpoolMark" WHERE "nodeName" = ${nodeName} AND lane = ${lane}`;
  return Number(rows[0]?.seq ?? 0);
}

/**
 * Persists a batch of intake items in one transaction, in arrival order: raises are merged by
 * dedup key (the unique index over unresolved alarms decides between concurrent nodes),
 * clears resolve what they name, and listeners on every node are told what changed.
 */
export async function ingest(db: TDb, input: TIngestItem[], ctx: TIngestContext): Promise<TIngestResult> {
  const items = await applyAltAlarmTypes(db, input.map(applyFieldRules), ctx);
  if (items.length === 0) return { created: [], repeated: [], resolved: [], events: 0 };
  return db.$transaction((tx) => ingestWithin(tx as TDb, items, ctx), { timeout: 30_000 });
}

/** `ingest` inside the caller's transaction (the SNMP manager's fenced reconcile). */
export async function ingestWithin(tx: TDb, input: TIngestItem[], ctx: TIngestContext): Promise<TIngestResult> {
  // Idempotent: items that came through `ingest` are already within the rules.
  const items = input.map(applyFieldRules);
  const out: TIngestResult = { created: [], repeated: [], resolved: [], events: 0 };
  // Runs of raises and runs of clears each go in one statement, in arrival order.
  let raises: TAlarmInput[] = [];
  let clears: TAlarmClear[] = [];
  const events: TSystemEventInput[] = [];
  for (const item of items) {
    if (item.kind === "raise") {
      if (clears.length) await clear(tx, clears, ctx, out);
      clears = [];
      raises.push(item.alarm);
    } else if (item.kind === "clear") {
      await raise(tx, raises, ctx, out);
      raises = [];
      clears.push(item.clear);
    } else events.push(item.event);
  }
  await raise(tx, raises, ctx, out);
  if (clears.length) await clear(tx, clears, ctx, out);
  await systemEvents(tx, events, ctx);
  out.events += events.length;
  if (ctx.spool) await markSpool(tx, ctx.nodeName, ctx.spool);
  const payload = JSON.stringify({ created: out.created.length, repeated: out.repeated.length, resolved: out.resolved.length });
  await tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, ALARM_CHANNEL, payload);
  return out;
}
