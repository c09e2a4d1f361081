import { recordClusterEvent, recordSingletonAction, StaleEpochError, sweepOfflineNodes } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import type { TLeaseKeeper } from "./lease-keeper.ts";
import type { TMembership } from "./membership.ts";

type TSingleton = { kind: string; slotMs: number; enabled: () => boolean; detail: string; after?: () => Promise<void> };

/**
 * The primary-only loops. PLACEHOLDERS in this release: the dispatcher, the SNMP manager and
 * the maintenance routines do no domain work yet; each records one fenced SingletonAction per
 * time slot, which is what proves "exactly once" and "a stale primary cannot act". The real
 * loops replace `detail`/`after` with their work, keeping the fenced write as their first step.
 */
export function startSingletons({
  db,
  env,
  nodeName,
  lease,
  membership,
  log,
}: {
  db: TDb;
  env: TEnv;
  nodeName: string;
  lease: TLeaseKeeper;
  membership: TMembership;
  log: TLogger;
}): { stop(): void } {
  const roles = () => membership.self().roles;
  const singletons: TSingleton[] = [
    {
      kind: "dispatcher",
      slotMs: env.SINGLETON_TICK_MS,
      enabled: () => true,
      detail: "placeholder: no dispatch rules run in this release",
    },
    {
      kind: "snmp-manager",
      slotMs: env.SINGLETON_TICK_MS,
      enabled: () => true,
      detail: "placeholder: no trap-destination bookkeeping in this release",
    },
    {
      kind: "maintenance.alarm-report",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoAlarmReporting,
      detail: "placeholder: scheduled alarm reports not implemented in this release",
    },
    {
      kind: "maintenance.archive",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoArchiving,
      detail: "pruned singleton action records older than a day (alarm archiving not implemented in this release)",
      after: async () => {
        await db.$executeRawUnsafe(`DELETE FROM "SingletonAction" WHERE at < (now() AT TIME ZONE 'UTC') - interval '1 day'`);
      },
    },
    {
      kind: "maintenance.backup",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoBackups,
      detail: "placeholder: backups not implemented in this release",
    },
  ];

  let busy = false;
  const tick = async () => {
    const epoch = lease.epoch();
    if (epoch == null || busy) return;
    busy = true;
    try {
      for (const s of singletons) {
        if (!s.enabled()) continue;
        const slot = await recordSingletonAction(db, { kind: s.kind, nodeName, epoch, slotMs: s.slotMs, detail: s.detail });
        if (!slot) continue;
        log.debug(`singleton-action ${slot} epoch ${epoch}`);
        await s.after?.();
      }
      for (const gone of await sweepOfflineNodes(db, { offlineMs: env.NODE_OFFLINE_MS })) {
        await recordClusterEvent(db, {
          kind: "node.offline",
          nodeName: gone,
          epoch,
          message: `${gone} stopped sending heartbeats: offline, its modem ports offline`,
        });
      }
    } catch (e) {
      if (e instanceof StaleEpochError) log.warn(`fenced: the database refused a singleton action at stale epoch ${epoch}`);
      else log.warn("singleton loop failed", { error: String(e) });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, Math.max(25, Math.min(500, Math.floor(env.SINGLETON_TICK_MS / 2))));
  return { stop: () => clearInterval(timer) };
}
