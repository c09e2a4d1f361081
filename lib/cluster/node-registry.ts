import os from "node:os";
import type { TDb } from "../db/index.ts";
import { NOW, NOW_UTC } from "./sql.ts";

export type TNodeIdentity = {
  name: string;
  version: string;
  url?: string;
  /** This process's id (one `klaxon start`); see `claimNodeName`. */
  instanceId?: string;
  /** A row whose heartbeat is older than this belongs to a dead process and may be taken over. */
  staleMs?: number;
};

/** The live process that holds a node name: where it runs and how fresh its heartbeat is. */
export type TNameHolder = { host: string; pid: number | null; instanceId: string | null; heartbeatAgeMs: number };

export type TRegistration = { id: number } | { takenBy: TNameHolder };

/**
 * Upserts this node's row (and a default role row the first time) and marks it online, unless
 * the name belongs to another live process: a row whose instance is someone else's and whose
 * heartbeat is fresher than `staleMs`. One statement decides, so of two processes started with
 * one name at the same moment exactly one gets the row.
 */
export async function registerNode(db: TDb, { name, version, url, instanceId, staleMs = 5000 }: TNodeIdentity): Promise<TRegistration> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO "ClusterNode" (name, host, url, version, pid, "instanceId", "startedAt", "heartbeatAt", state)
    VALUES (${name}, ${os.hostname()}, ${url ?? null}, ${version}, ${process.pid}, ${instanceId ?? null}, ${NOW}, ${NOW}, 'ONLINE')
    ON CONFLICT (name) DO UPDATE SET host = EXCLUDED.host, url = EXCLUDED.url, version = EXCLUDED.version,
      pid = EXCLUDED.pid, "instanceId" = EXCLUDED."instanceId", "startedAt" = EXCLUDED."startedAt", intake = NULL,
      "heartbeatAt" = EXCLUDED."heartbeatAt",
      state = CASE WHEN "ClusterNode".state = 'DRAINING' THEN 'DRAINING'::"NodeState" ELSE 'ONLINE'::"NodeState" END
    WHERE "ClusterNode"."instanceId" IS NULL OR "ClusterNode"."instanceId" = EXCLUDED."instanceId"
      OR "ClusterNode"."heartbeatAt" < ${NOW} - make_interval(secs => ${staleMs}::float8 / 1000)
    RETURNING id`;
  if (!rows[0]) {
    const holder = await nodeNameHolder(db, name);
    if (holder) return { takenBy: holder };
    return registerNode(db, { name, version, url, instanceId, staleMs });
  }
  const id = Number(rows[0].id);
  await db.$executeRaw`INSERT INTO "NodeRole" ("nodeId") VALUES (${id}) ON CONFLICT DO NOTHING`;
  return { id };
}

/** Who holds the name now (null when no row has it). */
export async function nodeNameHolder(db: TDb, name: string): Promise<TNameHolder | null> {
  const rows = await db.$queryRaw<{ host: string; pid: number | null; instanceId: string | null; age: number }[]>`
    SELECT host, pid, "instanceId", (EXTRACT(EPOCH FROM (${NOW} - "heartbeatAt")) * 1000)::float8 AS age
    FROM "ClusterNode" WHERE name = ${name}`;
  const r = rows[0];
  return r ? { host: r.host, pid: r.pid, instanceId: r.instanceId, heartbeatAgeMs: Number(r.age) } : null;
}

/**
 * Before a process starts serving as `name`: returns null once no other live process holds the
 * name, waiting out a holder whose heartbeat has stopped (a `kill -9` a moment ago) for up to
 * `staleMs`. A holder whose heartbeat moves while we watch is alive: returned at once, so the
 * caller can refuse to start.
 */
export async function waitForNodeName(
  db: TDb,
  { name, instanceId, staleMs, heartbeatMs }: { name: string; instanceId: string; staleMs: number; heartbeatMs: number },
): Promise<TNameHolder | null> {
  const deadline = Date.now() + staleMs + 2 * heartbeatMs;
  let first: TNameHolder | null = null;
  for (;;) {
    const holder = await nodeNameHolder(db, name);
    if (!holder?.instanceId || holder.instanceId === instanceId || holder.heartbeatAgeMs >= staleMs) return null;
    // The age went down: the holder wrote a heartbeat since we first looked.
    if (first && holder.heartbeatAgeMs < first.heartbeatAgeMs) return holder;
    first ??= holder;
    if (Date.now() > deadline) return holder;
    await new Promise((r) => setTimeout(r, Math.max(50, heartbeatMs / 2)));
  }
}

/** A clean stop hands the name back at once (no need to wait for the heartbeat to go stale). */
export async function releaseNodeName(db: TDb, { name, instanceId }: { name: string; instanceId: string }): Promise<void> {
  await db.$executeRaw`UPDATE "ClusterNode" SET "instanceId" = NULL WHERE name = ${name} AND "instanceId" = ${instanceId}`;
}

export async function heartbeat(db: TDb, name: string): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE "ClusterNode" SET "heartbeatAt" = ${NOW_UTC} WHERE name = $1`, name);
}

/** Liveness as the database sees it: the node row's heartbeat age, in milliseconds. */
export async function heartbeatAgeMs(db: TDb, name: string): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ age: number | null }[]>(
    `SELECT (EXTRACT(EPOCH FROM (${NOW_UTC} - "heartbeatAt")) * 1000)::float8 AS age FROM "ClusterNode" WHERE name = $1`,
    name,
  );
  const age = rows[0]?.age;
  return age == null ? null : Number(age);
}

export async function markOffline(db: TDb, name: string): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE "ClusterNode" SET state = 'OFFLINE' WHERE name = $1 AND state <> 'DRAINING'`, name);
}

/**
 * Marks nodes whose heartbeat is older than `offlineMs` OFFLINE, and their modem ports OFFLINE
 * (a dead node's ports carry no calls). Returns the names that just went offline.
 * Idempotent; the primary runs it, but any node running it would do no harm.
 */
export async function sweepOfflineNodes(db: TDb, { offlineMs }: { offlineMs: number }): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: number; name: string }[]>(
    `UPDATE "ClusterNode" SET state = 'OFFLINE'
     WHERE state = 'ONLINE' AND "heartbeatAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000)
     RETURNING id, name`,
    offlineMs,
  );
  if (rows.length === 0) return [];
  await db.$executeRawUnsafe(
    `UPDATE "ModemPort" p SET status = 'OFFLINE' FROM "ClusterNode" n
     WHERE p."nodeId" = n.id AND n."heartbeatAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000) AND p.status <> 'OFFLINE'`,
    offlineMs,
  );
  return rows.map((r) => r.name);
}
