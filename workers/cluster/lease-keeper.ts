import { acquireOrRenewLease, leaseRemainingMs, recordClusterEvent, releaseLease } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import type { TMembership } from "./membership.ts";

export type TLeaseKeeper = { epoch(): number | null; stop(): Promise<void> };

/**
 * Holds or waits for the primary lease. The holder renews every LEASE_RENEW_MS; a standby
 * sleeps until the current lease is due to expire (database clock) and tries at that moment,
 * so takeover after a holder dies is about the remaining TTL, not TTL plus a poll period.
 */
export function startLeaseKeeper({
  db,
  env,
  nodeName,
  instanceId,
  membership,
  log,
}: {
  db: TDb;
  env: TEnv;
  nodeName: string;
  instanceId: string;
  membership: TMembership;
  log: TLogger;
}): TLeaseKeeper {
  let epoch: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const event = (kind: Parameters<typeof recordClusterEvent>[1]["kind"], message: string, at: number | null) =>
    void recordClusterEvent(db, { kind, nodeName, epoch: at, message }).catch((e) => log.warn("event failed", { error: e }));

  const step = async (): Promise<number> => {
    const self = membership.self();
    if (self.state !== "ONLINE" || !self.roles.primaryEligible) {
      if (epoch != null) {
        await releaseLease(db, nodeName, instanceId);
        log.info(`gave up the primary lease (${self.state === "ONLINE" ? "not primary-eligible" : "draining"})`);
        event(
          "lease.released",
          `${nodeName} gave up the primary lease at epoch ${epoch} (${self.state === "ONLINE" ? "no longer primary-eligible" : "draining"})`,
          epoch,
        );
        epoch = null;
      }
      return env.LEASE_RENEW_MS;
    }
    const preempt = self.roles.primaryPreferred && Date.now() - membership.healthySince() >= env.LEASE_HOLDDOWN_MS;
    const r = await acquireOrRenewLease(db, { nodeName, instanceId, ttlMs: env.LEASE_TTL_MS, preempt });
    if (r.epoch != null) {
      if (r.epoch !== epoch) {
        const prev = r.previousHolder;
        log.info(`primary (epoch ${r.epoch})`, { previousHolder: prev, previousLive: r.previousLive });
        if (prev && prev !== nodeName && r.previousLive)
          event("lease.preempted", `${nodeName} (preferred) took the primary lease back from ${prev}, epoch ${r.epoch}`, r.epoch);
        else if (prev && prev !== nodeName)
          event("lease.failover", `${nodeName} took over as primary from ${prev} (lease expired), epoch ${r.epoch}`, r.epoch);
        else event("lease.acquired", `${nodeName} became primary, epoch ${r.epoch}`, r.epoch);
      }
      epoch = r.epoch;
      return env.LEASE_RENEW_MS;
    }
    if (epoch != null) {
      log.warn(`lost the primary lease (epoch ${epoch})`);
      event("lease.lost", `${nodeName} lost the primary lease at epoch ${epoch}`, epoch);
      epoch = null;
    }
    const remaining = await leaseRemainingMs(db);
    return Math.max(10, Math.min(env.LEASE_RENEW_MS, remaining + 15));
  };

  const loop = async () => {
    let next = env.LEASE_RENEW_MS;
    try {
      next = await step();
    } catch (e) {
      // Without the database this node cannot know it still holds the lease; the fence
      // would refuse its actions anyway, stop them here too.
      log.warn("lease attempt failed", { error: e });
      membership.markUnhealthy();
      epoch = null;
    }
    if (!stopped) timer = setTimeout(loop, next);
  };
  timer = setTimeout(loop, 0);

  return {
    epoch: () => epoch,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (epoch != null && (await releaseLease(db, nodeName, instanceId).catch(() => false))) {
        await recordClusterEvent(db, {
          kind: "lease.released",
          nodeName,
          epoch,
          message: `${nodeName} gave up the primary lease at epoch ${epoch} (shutting down)`,
        }).catch(() => {});
      }
      epoch = null;
    },
  };
}
