import { ensureClusterSql } from "../../lib/cluster/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { ClusterHarness, FAST_ENV, primaryWithAction, waitUntil } from "../support/cluster-harness.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

/**
 * `npm run bench -- failover [kills]`: 3 real nodes on one database with the production lease
 * timings; kill -9 the primary N times (default 10), restarting it each time so three nodes
 * stay up. Takeover = kill until another node holds the lease AND has run a singleton action at
 * its new epoch. "Run twice" counts slot keys that more than one process reported doing, plus
 * actions recorded at an epoch older than one already acted on (a stale primary acting).
 */
export async function run(args: string[]): Promise<void> {
  const kills = Number(args[0] ?? 10);
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_failover", server.template);
  const db = createPrisma(database.url, 3);
  await ensureClusterSql(db);
  const h = new ClusterHarness(database.url, { ...FAST_ENV, LEASE_RENEW_MS: "1000", LEASE_TTL_MS: "2000", LEASE_HOLDDOWN_MS: "10000" });
  const outputs: string[] = [];
  const takeovers: number[] = [];
  try {
    await Promise.all(["a", "b", "c"].map((n) => h.startReady(n)));
    for (let i = 0; i < kills; i++) {
      const before = await waitUntil(() => primaryWithAction(db), 30_000);
      const victim = before.holderName ?? "";
      // Kill at a random point of the renew cycle, as a real crash would.
      await new Promise((r) => setTimeout(r, Math.random() * 1000));
      const killedAt = Date.now();
      h.get(victim).signal("SIGKILL");
      const after = await waitUntil(() => primaryWithAction(db, victim), 15_000, 5);
      const ms = Date.now() - killedAt;
      takeovers.push(ms);
      console.log(`kill ${i + 1}/${kills}: ${victim} -> ${after.holderName} (epoch ${before.epoch} -> ${after.epoch}) in ${ms} ms`);
      await h.get(victim).exited;
      outputs.push(h.get(victim).output());
      await h.startReady(victim);
    }
    // Let the survivors tick a little longer so late stale writes would show up.
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    for (const n of h.nodes.values()) outputs.push(n.output());
    await h.stopAll();
  }

  const seen = new Map<string, number>();
  for (const text of outputs) {
    for (const m of text.matchAll(/singleton-action (\S+) epoch (\d+)/g)) seen.set(m[1] ?? "", (seen.get(m[1] ?? "") ?? 0) + 1);
  }
  const twiceByLog = [...seen.values()].filter((n) => n > 1).length;
  const stale = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "SingletonAction" s
     WHERE EXISTS (SELECT 1 FROM "SingletonAction" o WHERE o.epoch > s.epoch AND o.at < s.at)`,
  );
  const actions = await db.singletonAction.count();
  await db.$disconnect();
  await database.drop();
  await server.stop();

  const sorted = [...takeovers].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? (sorted[(sorted.length - 1) / 2] ?? 0)
      : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  console.log(`\nfailover over ${kills} kills of the primary (3 nodes, renew 1000 ms, TTL 2000 ms)`);
  console.log(`takeover ms: min ${sorted[0]} median ${median} max ${sorted[sorted.length - 1]}`);
  console.log(
    `singleton actions: ${actions} recorded, ${seen.size} reported by processes; run twice: ${twiceByLog + Number(stale[0]?.n ?? 0)} (by slot ${twiceByLog}, stale epoch ${Number(stale[0]?.n ?? 0)})`,
  );
}
