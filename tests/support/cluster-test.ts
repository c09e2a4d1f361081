import { afterEach, beforeAll } from "vitest";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import { ClusterHarness, primaryWithAction, resetCluster } from "./cluster-harness.ts";
import { type TTestDb, useTestDatabase } from "./db-fixture.ts";

export type TClusterTest = {
  t: TTestDb;
  /** Real node processes on this file's database; stopped, and the cluster rows reset, after each test. */
  harness(baseEnv?: Record<string, string>): ClusterHarness;
  /** The live primary once it has run a singleton action (see cluster-harness.ts), on this file's database. */
  primaryWithAction(notHolder?: string): ReturnType<typeof primaryWithAction>;
};

/**
 * A cluster test file's setup: its own database with the cluster SQL installed, and a harness per test.
 * Kept apart from cluster-harness.ts, which the failover benchmark also runs outside Vitest.
 */
export function useClusterTest(label: string): TClusterTest {
  const t = useTestDatabase(label);
  let current: ClusterHarness | undefined;

  beforeAll(async () => {
    await ensureClusterSql(t.db);
  });
  afterEach(async () => {
    await current?.stopAll();
    await resetCluster(t.db);
  });

  return {
    t,
    harness: (baseEnv) => {
      current = new ClusterHarness(t.url, baseEnv);
      return current;
    },
    primaryWithAction: (notHolder) => primaryWithAction(t.db, notHolder),
  };
}
