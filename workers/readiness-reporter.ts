import type { TDb } from "../lib/db/index.ts";
import { type TIntakeReadiness, writeIntakeReadiness } from "../lib/health/index.ts";
import type { TLogger } from "../lib/log/index.ts";

/**
 * Carries the listeners' readiness to /api/health (web process) through this node's registry
 * row: written at once when it changes (polled every `everyMs` from memory), and again every
 * few seconds in case the row was re-created. Awaiting `report()` means the row says it.
 */
export function startReadinessReporter({
  db,
  nodeName,
  instanceId,
  read,
  log,
  everyMs = 100,
}: {
  db: TDb;
  nodeName: string;
  instanceId: string;
  read: () => TIntakeReadiness;
  log: TLogger;
  everyMs?: number;
}) {
  let last = "";
  let lastAt = 0;
  let chain = Promise.resolve();
  const report = () => {
    chain = chain.then(async () => {
      const intake = read();
      const text = JSON.stringify(intake);
      if (text === last && Date.now() - lastAt < 5000) return;
      try {
        await writeIntakeReadiness(db, { nodeName, instanceId, intake });
        if (text !== last) log.info("intake readiness", intake);
        last = text;
        lastAt = Date.now();
      } catch (e) {
        log.warn("could not record intake readiness", { error: e });
      }
    });
    return chain;
  };
  const timer = setInterval(() => void report(), everyMs);
  return {
    report,
    stop() {
      clearInterval(timer);
    },
  };
}
