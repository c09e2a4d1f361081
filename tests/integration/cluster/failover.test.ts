import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { currentPrimary } from "../../../lib/cluster/index.ts";
import { enqueue } from "../../../lib/jobs/index.ts";
import { FAST_ENV, waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";

/** The production lease timings (renew 1 s, TTL 2 s): the failover figure must hold with them. */
const PRODUCTION_LEASE = { LEASE_RENEW_MS: "1000", LEASE_TTL_MS: "2000" };

describe("failover with real node processes", () => {
  const { t, harness, primaryWithAction } = useClusterTest("cluster-failover");

  it("kill -9 of the primary: another node holds the lease and runs the singletons within 3 s, recorded as an event and in the audit log", async () => {
    const h = harness({ ...FAST_ENV, ...PRODUCTION_LEASE });
    await Promise.all(["a", "b", "c"].map((n) => h.startReady(n)));
    const before = await waitUntil(() => primaryWithAction());
    const killedAt = Date.now();
    h.get(before.holderName ?? "").signal("SIGKILL");
    const after = await waitUntil(() => primaryWithAction(before.holderName ?? ""), 10_000, 10);
    const takeoverMs = Date.now() - killedAt;
    console.log(`failover takeover ${takeoverMs} ms (${before.holderName} -> ${after.holderName})`);
    expect(takeoverMs).toBeLessThanOrEqual(3000);
    expect(after.epoch).toBeGreaterThan(before.epoch);
    const event = await waitUntil(() => t.db.clusterEvent.findFirst({ where: { kind: "lease.failover", epoch: after.epoch } }));
    expect(event.message).toContain(`from ${before.holderName}`);
    expect(await t.db.auditLog.count({ where: { action: "cluster.lease.failover" } })).toBeGreaterThan(0);
  });

  it("a primary frozen with SIGSTOP and woken after the takeover does not run a singleton action", async () => {
    const h = harness();
    await Promise.all(["a", "b"].map((n) => h.startReady(n)));
    const old = await waitUntil(() => primaryWithAction());
    const frozen = h.get(old.holderName ?? "");
    frozen.signal("SIGSTOP");
    const next = await waitUntil(() => primaryWithAction(old.holderName ?? ""), 10_000);
    const lease = await t.db.primaryLease.findUniqueOrThrow({ where: { id: 1 } });
    const mark = frozen.output().length;
    frozen.signal("SIGCONT");
    // The woken node either tries with its stale epoch and is refused, or learns first that it lost.
    await frozen.waitForLog(/fenced: the database refused|lost the primary lease/, 10_000, mark);
    // Give it a few of its singleton ticks after waking, then check nothing slipped through.
    await frozen.waitForLog(/claiming queues|singleton|lease/, 2000, mark).catch(() => {});
    const stale = await t.db.singletonAction.count({ where: { epoch: old.epoch, at: { gte: lease.acquiredAt } } });
    expect(stale).toBe(0);
    expect((await currentPrimary(t.db))?.epoch).toBe(next.epoch);
    expect(await t.db.singletonAction.count({ where: { nodeName: old.holderName ?? "", epoch: { gt: old.epoch } } })).toBe(0);
  });

  it("a job held by a node killed mid-run is retried and finished by another node", async () => {
    const h = harness();
    await h.startReady("a");
    const boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();
    try {
      const id = await enqueue(
        boss,
        "task.noop-probe.ip",
        { tag: "orphan", holdMs: 1500 },
        { expireInSeconds: 2, retryLimit: 3, retryDelay: 0 },
      );
      await waitUntil(async () => (await boss.getJobById("task.noop-probe.ip", id ?? ""))?.state === "active", 10_000);
      await h.kill("a");
      await h.startReady("b");
      const done = await waitUntil(
        async () => {
          const job = await boss.getJobById("task.noop-probe.ip", id ?? "");
          return job?.state === "completed" ? job : null;
        },
        20_000,
        100,
      );
      expect(done.retryCount).toBeGreaterThanOrEqual(1);
      const ran = await t.db.clusterEvent.findMany({ where: { kind: "probe", message: { contains: "probe orphan" } } });
      expect(ran.map((e) => e.nodeName)).toEqual(["b"]);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
