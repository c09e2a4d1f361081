import type PgBoss from "pg-boss";
import { recordClusterEvent, recordSingletonAction, StaleEpochError, sweepOfflineNodes } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import type { TLeaseKeeper } from "./lease-keeper.ts";
import type { TMembership } from "./membership.ts";
import { commandRulesSingleton } from "./singletons/command-rules.ts";
import { dispatcherSingleton } from "./singletons/dispatcher.ts";
import { imapRepliesSingleton } from "./singletons/imap-replies.ts";
import { maintenanceSingletons } from "./singletons/maintenance.ts";
import { snmpManagerSingleton } from "./singletons/snmp-manager.ts";
import { taskSchedulerSingleton } from "./singletons/task-scheduler.ts";
import type { TSingleton, TSingletonDeps } from "./singletons/types.ts";

/**
 * The primary-only loops, one file each under ./singletons/. Each records one fenced
 * SingletonAction per time slot (what proves "exactly once" and "a stale primary cannot act"),
 * then does its slot's work with the epoch it held.
 */
export function startSingletons({
  db,
  env,
  nodeName,
  lease,
  membership,
  log,
  boss,
}: {
  db: TDb;
  env: TEnv;
  nodeName: string;
  lease: TLeaseKeeper;
  membership: TMembership;
  log: TLogger;
  boss: PgBoss;
}): { stop(): void } {
  const deps: TSingletonDeps = { db, env, nodeName, membership, log, lease, boss };
  const singletons: TSingleton[] = [
    dispatcherSingleton(deps),
    imapRepliesSingleton(deps),
    snmpManagerSingleton(deps),
    commandRulesSingleton(deps),
    taskSchedulerSingleton(deps),
    ...maintenanceSingletons(deps),
  ];

  // Each loop's slot work runs on its own, so a long one (a backup) never delays another (dispatch).
  const working = new Map<string, { epoch: number; abort: AbortController }>();
  const runAfter = (s: TSingleton, epoch: number, slotKey: string) => {
    if (!s.after) return;
    const abort = new AbortController();
    working.set(s.kind, { epoch, abort });
    void s
      .after({ epoch, slotKey, signal: abort.signal })
      .catch((e) => {
        if (e instanceof StaleEpochError) log.warn(`fenced: ${s.kind} was refused at stale epoch ${epoch}`);
        else log.warn(`${s.kind} failed`, { error: e });
      })
      .finally(() => working.delete(s.kind));
  };
  // Long slot work (a backup, an archive run) stops when the lease it started under is gone.
  const abortStale = (epoch: number | null) => {
    for (const w of working.values()) if (w.epoch !== epoch) w.abort.abort();
  };

  let busy = false;
  const tick = async () => {
    const epoch = lease.epoch();
    abortStale(epoch);
    if (epoch == null || busy) return;
    busy = true;
    try {
      for (const s of singletons) {
        if (!s.enabled() || working.has(s.kind)) continue;
        const slot = await recordSingletonAction(db, { kind: s.kind, nodeName, epoch, slotMs: s.slotMs, detail: s.detail });
        if (!slot) continue;
        log.debug(`singleton-action ${slot} epoch ${epoch}`);
        runAfter(s, epoch, slot);
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
      else log.warn("singleton loop failed", { error: e });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, Math.max(25, Math.min(500, Math.floor(env.SINGLETON_TICK_MS / 2))));
  return {
    stop: () => {
      clearInterval(timer);
      abortStale(null);
    },
  };
}
