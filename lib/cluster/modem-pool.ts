import type { TDb } from "../db/index.ts";

/*
 * The modem port runtime (workers/modem) keeps ModemPort.status true (IDLE/BUSY/FAULT/OFFLINE).
 * Jobs coordinate with it through the table only: a dial-out job claims a port by flipping it
 * IDLE -> BUSY in one statement (SKIP LOCKED, so two claimers never get the same port) and hands
 * it back BUSY -> IDLE when done, unless someone marked it FAULT/OFFLINE meanwhile.
 */

export type TClaimedPort = { id: number; device: string };

export async function idleDialoutPorts(db: TDb, nodeId: number): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "ModemPort"
     WHERE "nodeId" = $1 AND enabled AND status = 'IDLE' AND purpose IN ('DIALOUT', 'BOTH')`,
    nodeId,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Claims an idle dial-out port of this node, preferring ones not in `avoid` (devices a job already failed on). */
export async function claimDialoutPort(db: TDb, nodeId: number, avoid: string[] = []): Promise<TClaimedPort | null> {
  const rows = await db.$queryRawUnsafe<TClaimedPort[]>(
    `UPDATE "ModemPort" SET status = 'BUSY'
     WHERE id = (SELECT id FROM "ModemPort"
                 WHERE "nodeId" = $1 AND enabled AND status = 'IDLE' AND purpose IN ('DIALOUT', 'BOTH')
                 ORDER BY device = ANY($2::text[]), id FOR UPDATE SKIP LOCKED LIMIT 1)
       AND status = 'IDLE'
     RETURNING id, device`,
    nodeId,
    avoid,
  );
  return rows[0] ?? null;
}

export async function releaseDialoutPort(db: TDb, portId: number): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE "ModemPort" SET status = 'IDLE' WHERE id = $1 AND status = 'BUSY'`, portId);
}

export type TPortCounts = { busy: number; idle: number; faulted: number; offline: number; total: number };

export function emptyCounts(): TPortCounts {
  return { busy: 0, idle: 0, faulted: 0, offline: 0, total: 0 };
}

/** Port counts per node id plus the cluster total: the modem pool as the Cluster page shows it. */
export async function modemPoolSummary(db: TDb): Promise<{ perNode: Map<number, TPortCounts>; total: TPortCounts }> {
  const rows = await db.modemPort.groupBy({ by: ["nodeId", "status"], where: { enabled: true }, _count: { _all: true } });
  const perNode = new Map<number, TPortCounts>();
  const total = emptyCounts();
  for (const r of rows) {
    const c = perNode.get(r.nodeId) ?? emptyCounts();
    const n = r._count._all;
    const key = r.status === "BUSY" ? "busy" : r.status === "IDLE" ? "idle" : r.status === "FAULT" ? "faulted" : "offline";
    c[key] += n;
    c.total += n;
    total[key] += n;
    total.total += n;
    perNode.set(r.nodeId, c);
  }
  return { perNode, total };
}
