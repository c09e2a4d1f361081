import {
  heartbeatAndReadSelf,
  markOffline,
  nameTakenMessage,
  recordClusterEvent,
  registerNode,
  releaseNodeName,
  type TNodeSelf,
} from "../../lib/cluster/index.ts";
import { klaxonVersion, type TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import type { TLogger } from "../../lib/log/index.ts";

export type TMembership = {
  self(): TNodeSelf;
  /** Since when this node has talked to the database without a failure (the hold-down clock). */
  healthySince(): number;
  markUnhealthy(): void;
  stop(): Promise<void>;
};

/** Another live process holds this node's name: this one must not serve under it. */
export class NodeNameTakenError extends Error {}

/**
 * Registration, then one statement per second that is both the heartbeat and the read of this
 * node's role row and state, so role edits and drains reach the node within a second.
 * The row belongs to this process (`instanceId`): registering fails while another live process
 * holds the name, and `onNameLost` is called if another process took the name over while this
 * one was unreachable (frozen, cut off for longer than NODE_OFFLINE_MS).
 */
export async function startMembership({
  db,
  env,
  nodeName,
  instanceId,
  log,
  onNameLost,
}: {
  db: TDb;
  env: TEnv;
  nodeName: string;
  instanceId: string;
  log: TLogger;
  onNameLost: (reason: string) => void;
}): Promise<TMembership> {
  const identity = {
    name: nodeName,
    version: klaxonVersion(),
    url: `http://localhost:${env.PORT}`,
    instanceId,
    staleMs: env.NODE_OFFLINE_MS,
  };
  const registered = await registerNode(db, identity);
  if ("takenBy" in registered) throw new NodeNameTakenError(nameTakenMessage(nodeName, registered.takenBy));
  let self = await heartbeatAndReadSelf(db, nodeName, instanceId);
  if (!self) throw new Error(`node ${nodeName} vanished right after registering`);
  await recordClusterEvent(db, {
    kind: "node.joined",
    nodeName,
    message: `${nodeName} started (version ${identity.version}, pid ${process.pid})`,
  });
  log.info("registered", { state: self.state, roles: self.roles, instanceId });

  let healthySince = Date.now();
  const pollMs = Math.min(env.HEARTBEAT_MS, 1000);
  let stopped = false;
  const timer = setInterval(async () => {
    try {
      let next = await heartbeatAndReadSelf(db, nodeName, instanceId);
      if (!next && !stopped) {
        // Removed while alive (an admin's mistake or a rejoin): register again, unless another
        // process has the name now.
        const again = await registerNode(db, identity);
        if ("takenBy" in again) {
          stopped = true;
          clearInterval(timer);
          return onNameLost(nameTakenMessage(nodeName, again.takenBy));
        }
        next = await heartbeatAndReadSelf(db, nodeName, instanceId);
      }
      if (!next || stopped) return;
      if (JSON.stringify(next) !== JSON.stringify(self)) log.info("role row changed", { state: next.state, roles: next.roles });
      self = next;
    } catch (e) {
      healthySince = Date.now();
      log.warn("heartbeat failed", { error: e });
    }
  }, pollMs);

  return {
    self: () => self as TNodeSelf,
    healthySince: () => healthySince,
    markUnhealthy: () => {
      healthySince = Date.now();
    },
    async stop() {
      const lost = stopped;
      stopped = true;
      clearInterval(timer);
      if (lost) return;
      await markOffline(db, nodeName).catch(() => {});
      await releaseNodeName(db, { name: nodeName, instanceId }).catch(() => {});
    },
  };
}
