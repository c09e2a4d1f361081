import { currentPrimary } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";
import { intakeReady, readIntakeReadiness, type TIntakeReadiness } from "./intake-readiness.ts";

export type THealth = {
  /** ok: receiving (worker alive, every enabled listener ready); starting: not yet; degraded: worker gone quiet. */
  status: "ok" | "starting" | "degraded";
  node: string;
  version: string;
  primary: boolean;
  db: "ok" | "down";
  worker: "ok" | "starting" | "stale";
  intake: TIntakeReadiness;
};

type TNodeRow = { age: number | null; instanceId: string | null; intake: unknown };

/**
 * Health as the database sees it, so it tells the truth about this node's worker and its
 * listeners too. With `instanceId` (set by `klaxon start`), a row still carrying another
 * process's id is a previous run's, and this node is still starting.
 */
export async function nodeHealth(
  db: TDb,
  { nodeName, version, staleMs, instanceId }: { nodeName: string; version: string; staleMs: number; instanceId?: string },
): Promise<THealth> {
  const [lease, rows] = await Promise.all([
    currentPrimary(db),
    db.$queryRaw<TNodeRow[]>`
      SELECT (EXTRACT(EPOCH FROM ((now() AT TIME ZONE 'UTC') - "heartbeatAt")) * 1000)::float8 AS age, "instanceId", intake
      FROM "ClusterNode" WHERE name = ${nodeName}`,
  ]);
  const row = rows[0];
  const ours = !!row && (!instanceId || row.instanceId === instanceId);
  const worker = !ours ? "starting" : row.age != null && Number(row.age) < staleMs ? "ok" : "stale";
  const intake = readIntakeReadiness(ours ? row.intake : null);
  const status = worker === "stale" ? "degraded" : worker === "ok" && intakeReady(intake) ? "ok" : "starting";
  return {
    status,
    node: nodeName,
    version,
    primary: lease?.holderName === nodeName,
    db: "ok",
    worker,
    intake,
  };
}
