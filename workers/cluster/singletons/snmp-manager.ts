import { dataDir } from "../../../lib/config/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import { pollDueSystems } from "../../../lib/snmp-manager/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

/**
 * The SNMP manager: polls the alarm table of every system that reports by SNMP, each
 * SNMP_POLL_MS, and reconciles it with Klaxon's open alarms (lib/snmp-manager). Every write
 * carries the epoch of its slot and is refused by the fence once that epoch is stale.
 */
export function snmpManagerSingleton({ db, env, nodeName, log }: TSingletonDeps): TSingleton {
  let secretKey: Buffer | undefined;
  return {
    kind: "snmp-manager",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "polled the alarm tables of the systems that were due",
    after: async ({ epoch }) => {
      secretKey ??= loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
      const round = await pollDueSystems(db, {
        nodeName,
        epoch,
        secretKey,
        pollMs: env.SNMP_POLL_MS,
        concurrency: 8,
        timeoutMs: 3000,
        retries: 1,
        onResult: (s, r) => {
          if (!r.ok) log.warn(`SNMP poll of ${s.name} failed: ${r.error}`);
          else if (r.raised.length || r.resolved.length)
            log.info(`SNMP poll of ${s.name}: ${r.rows} alarms in its table, raised ${r.raised.length}, resolved ${r.resolved.length}`);
        },
      });
      if (round.polled) log.debug(`SNMP manager polled ${round.polled} systems (${round.failed} failed)`);
    },
  };
}
