import os from "node:os";
import type { TDb } from "../db/index.ts";
import { NOW_UTC } from "./sql.ts";

export type TNodeIdentity = { name: string; version: string; url?: string };

/** Upserts this node's row (and a default role row the first time) and marks it online. */
export async function registerNode(db: TDb, { name, version, url }: TNodeIdentity): Promise<{ id: number }> {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO "ClusterNode" (name, host, url, version, pid, "startedAt", "heartbeatAt", state)
     VALUES ($1, $2, $3, $4, $5, ${NOW_UTC}, ${NOW_UTC}, 'ONLINE')
     ON CONFLICT (name) DO UPDATE SET host = EXCLUDED.host, url = EXCLUDED.url, version = EXCLUDED.version,
       pid = EXCLUDED.pid, "startedAt" = EXCLUDED."startedAt", "heartbeatAt" = EXCLUDED."heartbeatAt",
       state = CASE WHEN "ClusterNode".state = 'DRAINING' THEN 'DRAINING'::"NodeState" ELSE 'ONLINE'::"NodeState" END
     RETURNING id`,
    name,
    os.hostname(),
    url ?? null,
    version,
    process.pid,
  );
  const id = Number(rows[0]?.id);
  await db.$executeRawUnsafe(`INSERT INTO "NodeRole" ("nodeId") VALUES ($1) ON CONFLICT DO NOTHING`, id);
  return { id };
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
