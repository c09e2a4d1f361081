import { audit } from "../audit/index.ts";
import type { TDb } from "../db/index.ts";

export type TClusterEventKind =
  | "lease.acquired"
  | "lease.failover"
  | "lease.preempted"
  | "lease.released"
  | "lease.lost"
  | "node.joined"
  | "node.offline"
  | "node.draining"
  | "node.resumed"
  | "node.removed"
  | "node.roles"
  | "modem.ports";

/** A cluster event for the Cluster page, mirrored in the audit log (actor: the node, or a user). */
export async function recordClusterEvent(
  db: TDb,
  {
    kind,
    nodeName,
    epoch,
    message,
    actor,
    detail,
  }: {
    kind: TClusterEventKind;
    nodeName: string | null;
    epoch?: number | null;
    message: string;
    actor?: { type: "USER" | "TOKEN" | "SYSTEM"; id?: number | null; name: string };
    detail?: unknown;
  },
): Promise<void> {
  await db.clusterEvent.create({ data: { kind, nodeName, epoch: epoch ?? null, message } });
  await audit(db, {
    actor: actor ?? { type: "SYSTEM", name: nodeName ?? "cluster" },
    action: `cluster.${kind}`,
    target: nodeName ?? undefined,
    detail: { message, epoch: epoch ?? null, ...(detail === undefined ? {} : { detail }) },
    nodeName: nodeName ?? undefined,
  });
}

export async function listClusterEvents(db: TDb, { limit }: { limit: number }) {
  return db.clusterEvent.findMany({ orderBy: { id: "desc" }, take: limit });
}
