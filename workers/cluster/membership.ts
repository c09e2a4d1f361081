import { heartbeatAndReadSelf, markOffline, recordClusterEvent, registerNode, type TNodeSelf } from "../../lib/cluster/index.ts";
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

/**
 * Registration, then one statement per second that is both the heartbeat and the read of this
 * node's role row and state, so role edits and drains reach the node within a second.
 */
export async function startMembership({
  db,
  env,
  nodeName,
  log,
}: {
  db: TDb;
  env: TEnv;
  nodeName: string;
  log: TLogger;
}): Promise<TMembership> {
  const identity = { name: nodeName, version: klaxonVersion(), url: `http://localhost:${env.PORT}` };
  await registerNode(db, identity);
  let self = await heartbeatAndReadSelf(db, nodeName);
  if (!self) throw new Error(`node ${nodeName} vanished right after registering`);
  await recordClusterEvent(db, {
    kind: "node.joined",
    nodeName,
    message: `${nodeName} started (version ${identity.version}, pid ${process.pid})`,
  });
  log.info("registered", { state: self.state, roles: self.roles });

  let healthySince = Date.now();
  const pollMs = Math.min(env.HEARTBEAT_MS, 1000);
  let stopped = false;
  const timer = setInterval(async () => {
    try {
      let next = await heartbeatAndReadSelf(db, nodeName);
      if (!next && !stopped) {
        // Removed while alive (an admin's mistake or a rejoin): register again.
        await registerNode(db, identity);
        next = await heartbeatAndReadSelf(db, nodeName);
      }
      if (!next || stopped) return;
      if (JSON.stringify(next) !== JSON.stringify(self)) log.info("role row changed", { state: next.state, roles: next.roles });
      self = next;
    } catch (e) {
      healthySince = Date.now();
      log.warn("heartbeat failed", { error: String(e) });
    }
  }, pollMs);

  return {
    self: () => self as TNodeSelf,
    healthySince: () => healthySince,
    markUnhealthy: () => {
      healthySince = Date.now();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await markOffline(db, nodeName).catch(() => {});
    },
  };
}
