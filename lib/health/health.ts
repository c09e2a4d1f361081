import { currentPrimary, heartbeatAgeMs } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";

export type THealth = {
  status: "ok" | "degraded";
  node: string;
  version: string;
  primary: boolean;
  db: "ok" | "down";
  worker?: "ok" | "stale";
};

/** Health as the database sees it, so it tells the truth about this node's worker too. */
export async function nodeHealth(
  db: TDb,
  { nodeName, version, staleMs }: { nodeName: string; version: string; staleMs: number },
): Promise<THealth> {
  const [lease, age] = await Promise.all([currentPrimary(db), heartbeatAgeMs(db, nodeName)]);
  const worker = age != null && age < staleMs ? "ok" : "stale";
  return {
    status: worker === "ok" ? "ok" : "degraded",
    node: nodeName,
    version,
    primary: lease?.holderName === nodeName,
    db: "ok",
    worker,
  };
}
