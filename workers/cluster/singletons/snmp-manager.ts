import type { TSingleton, TSingletonDeps } from "./types.ts";

/** PLACEHOLDER until the SNMP manager lands (issue 8): records its fenced slot, polls nothing. */
export function snmpManagerSingleton({ env }: TSingletonDeps): TSingleton {
  return {
    kind: "snmp-manager",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "placeholder: no trap-destination bookkeeping in this release",
  };
}
