import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { recordClusterEvent } from "./cluster-events.ts";
import { type TNodeRoles, ZNodeRoles } from "./node-roles.ts";
import { releaseLease } from "./primary-lease.ts";
import { NOW_UTC } from "./sql.ts";

export type TActor = { type: "USER" | "TOKEN" | "SYSTEM"; id?: number | null; name: string };

async function nodeByName(db: TDb, name: string) {
  const node = await db.clusterNode.findUnique({ where: { name } });
  if (!node) throw new AppError("NOT_FOUND", `no cluster node named ${name}`);
  return node;
}

/**
 * Drain: the node stops claiming new jobs (it reads DRAINING within a second; running jobs
 * finish) and gives up the primary lease now, here in the database, so the next eligible node
 * can take it at once even if the drained node is slow to notice.
 */
export async function drainNode(db: TDb, { name, actor }: { name: string; actor: TActor }): Promise<{ releasedLease: boolean }> {
  await nodeByName(db, name);
  await db.clusterNode.update({ where: { name }, data: { state: "DRAINING" } });
  const releasedLease = await releaseLease(db, name);
  await recordClusterEvent(db, {
    kind: "node.draining",
    nodeName: name,
    actor,
    message: `${name} draining${releasedLease ? " (primary lease given up)" : ""} by ${actor.name}`,
  });
  return { releasedLease };
}

/** Undo a drain: the node claims jobs again and may hold the lease. */
export async function resumeNode(db: TDb, { name, actor }: { name: string; actor: TActor }): Promise<void> {
  await nodeByName(db, name);
  await db.clusterNode.update({ where: { name }, data: { state: "ONLINE" } });
  await recordClusterEvent(db, { kind: "node.resumed", nodeName: name, actor, message: `${name} resumed by ${actor.name}` });
}

/** Deletes an offline node's rows (roles and modem ports go with it). A live node is refused. */
export async function removeNode(db: TDb, { name, actor, offlineMs }: { name: string; actor: TActor; offlineMs: number }): Promise<void> {
  await nodeByName(db, name);
  const n = await db.$executeRawUnsafe(
    `DELETE FROM "ClusterNode" WHERE name = $1 AND "heartbeatAt" < ${NOW_UTC} - make_interval(secs => $2::float8 / 1000)`,
    name,
    offlineMs,
  );
  if (n === 0)
    throw new AppError("CONFLICT", `${name} is still sending heartbeats: stop its process (draining keeps it running), then remove it`);
  await recordClusterEvent(db, { kind: "node.removed", nodeName: name, actor, message: `${name} removed by ${actor.name}` });
}

/** Edit > Server Roles. The running node picks the change up within its next role poll (≤ 1 s). */
export async function setNodeRoles(
  db: TDb,
  { name, roles, actor }: { name: string; roles: Partial<TNodeRoles>; actor: TActor },
): Promise<TNodeRoles> {
  const node = await nodeByName(db, name);
  const patch = ZNodeRoles.partial().parse(roles);
  const before = await db.nodeRole.findUnique({ where: { nodeId: node.id } });
  const changed = Object.entries(patch).filter(([k, v]) => !before || before[k as keyof TNodeRoles] !== v);
  const updated = await db.$transaction(async (tx) => {
    // One preferred primary at most: two preferred nodes would take the lease from each other.
    if (patch.primaryPreferred) {
      await tx.nodeRole.updateMany({ where: { nodeId: { not: node.id }, primaryPreferred: true }, data: { primaryPreferred: false } });
    }
    return tx.nodeRole.upsert({ where: { nodeId: node.id }, create: { nodeId: node.id, ...patch }, update: patch });
  });
  if (changed.length > 0) {
    await recordClusterEvent(db, {
      kind: "node.roles",
      nodeName: name,
      actor,
      message: `roles of ${name} changed by ${actor.name}: ${changed.map(([k, v]) => `${k} ${v ? "on" : "off"}`).join(", ")}`,
      detail: Object.fromEntries(changed),
    });
  }
  // Like a drain, losing eligibility gives the lease up now rather than at its expiry.
  if (patch.primaryEligible === false && (await releaseLease(db, name))) {
    await recordClusterEvent(db, {
      kind: "lease.released",
      nodeName: name,
      actor,
      message: `${name} gave up the primary lease (no longer primary-eligible)`,
    });
  }
  const { nodeId: _n, updatedAt: _u, ...rest } = updated;
  return rest;
}
