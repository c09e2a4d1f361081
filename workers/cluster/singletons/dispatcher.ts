import type { TSingleton, TSingletonDeps } from "./types.ts";

/** PLACEHOLDER until the dispatcher lands (issue 7): records its fenced slot, does no dispatch. */
export function dispatcherSingleton({ env }: TSingletonDeps): TSingleton {
  return {
    kind: "dispatcher",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "placeholder: no dispatch rules run in this release",
  };
}
