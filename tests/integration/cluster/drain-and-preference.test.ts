import { describe, expect, it } from "vitest";
import { currentPrimary, drainNode, resumeNode } from "../../../lib/cluster/index.ts";
import { waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";

describe("drain and preferred primary with real node processes", () => {
  const { t, harness, primaryWithAction } = useClusterTest("cluster-drain");

  it("drain gives the lease up at once and the node stops claiming jobs; resume lets it claim again", async () => {
    const h = harness();
    await Promise.all(["a", "b"].map((n) => h.startReady(n)));
    const first = await waitUntil(() => primaryWithAction());
    const name = first.holderName ?? "";
    const other = name === "a" ? "b" : "a";
    const mark = h.get(name).output().length;
    const { releasedLease } = await drainNode(t.db, { name, actor: { type: "SYSTEM", name: "test" } });
    expect(releasedLease).toBe(true);
    const next = await waitUntil(() => primaryWithAction(name), 5000);
    expect(next.holderName).toBe(other);
    await h.get(name).waitForLog(/claiming queues: \(none\)/, 3000, mark);
    // The drained node must not win the lease back.
    h.get(other).signal("SIGKILL");
    await waitUntil(async () => (await currentPrimary(t.db)) == null, 5000);
    expect(await t.db.clusterEvent.count({ where: { kind: "node.draining", nodeName: name } })).toBe(1);
    await resumeNode(t.db, { name, actor: { type: "SYSTEM", name: "test" } });
    const back = await waitUntil(() => primaryWithAction(other), 5000);
    expect(back.holderName).toBe(name);
  });

  it("the preferred node, back after a restart, takes the lease back only after its hold-down and keeps it", async () => {
    const h = harness();
    await h.startReady("b");
    const held = await waitUntil(() => primaryWithAction());
    expect(held.holderName).toBe("b");
    const a0 = await h.startReady("a");
    await t.db.nodeRole.updateMany({ where: { node: { name: "a" } }, data: { primaryPreferred: true } });
    const startedAt = Date.now();
    const taken = await waitUntil(() => primaryWithAction("b"), 10_000);
    const waited = Date.now() - startedAt;
    expect(taken.holderName).toBe("a");
    // hold-down is 2 s from a's start; a was already up a little while before the role change.
    expect(waited).toBeGreaterThan(500);
    expect(await t.db.clusterEvent.count({ where: { kind: "lease.preempted", nodeName: "a" } })).toBe(1);
    // No flapping: b does not take it back while a stays healthy.
    const mark = h.get("b").output().length;
    await h
      .get("b")
      .waitForLog(/primary \(epoch/, 2500, mark)
      .then(
        () => expect.fail("b took the lease back"),
        () => undefined,
      );
    expect((await currentPrimary(t.db))?.holderName).toBe("a");
    void a0;
  });
});
