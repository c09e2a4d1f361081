import { beforeAll, describe, expect, it } from "vitest";
import {
  acquireOrRenewLease,
  currentPrimary,
  ensureClusterSql,
  recordSingletonAction,
  registerNode,
  releaseLease,
  StaleEpochError,
} from "../../../lib/cluster/index.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

describe("primary lease and epoch fencing (database level)", () => {
  const t = useTestDatabase("cluster-lease");
  const expire = () => t.db.$executeRawUnsafe(`UPDATE "PrimaryLease" SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 second'`);

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    for (const name of ["a", "b", "c"]) await registerNode(t.db, { name, version: "test" });
  });

  it("three contenders racing for the lease: exactly one holds it, each round, and the epoch never goes down", async () => {
    let lastEpoch = 0;
    for (let round = 0; round < 20; round++) {
      await expire();
      const results = await Promise.all(["a", "b", "c"].map((nodeName) => acquireOrRenewLease(t.db, { nodeName, ttlMs: 5000 })));
      const holders = results.filter((r) => r.epoch != null);
      expect(holders).toHaveLength(1);
      const epoch = holders[0]?.epoch ?? 0;
      expect(epoch).toBeGreaterThan(lastEpoch);
      lastEpoch = epoch;
      expect((await currentPrimary(t.db))?.epoch).toBe(epoch);
    }
  });

  it("a live lease is renewed at the same epoch and cannot be taken; once expired the next node takes it at epoch + 1", async () => {
    await releaseLease(t.db, (await currentPrimary(t.db))?.holderName ?? "");
    const first = await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000 });
    const renewed = await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000 });
    expect(renewed.epoch).toBe(first.epoch);
    expect((await acquireOrRenewLease(t.db, { nodeName: "b", ttlMs: 5000 })).epoch).toBeNull();
    await expire();
    const taken = await acquireOrRenewLease(t.db, { nodeName: "b", ttlMs: 5000 });
    expect(taken).toEqual({ epoch: (first.epoch ?? 0) + 1, previousHolder: "a", previousLive: false });
    // The old holder's renewal now fails: it learns it is no longer primary.
    expect((await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000 })).epoch).toBeNull();
  });

  it("the database refuses a singleton action written with an old epoch, even by a direct INSERT", async () => {
    const lease = await currentPrimary(t.db);
    const holder = lease?.holderName ?? "";
    const epoch = lease?.epoch ?? 0;
    expect(await recordSingletonAction(t.db, { kind: "test", nodeName: holder, epoch, slotMs: 60_000 })).toMatch(/^test:/);
    await expect(recordSingletonAction(t.db, { kind: "test2", nodeName: holder, epoch: epoch - 1, slotMs: 60_000 })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
    await expect(recordSingletonAction(t.db, { kind: "test3", nodeName: "c", epoch, slotMs: 60_000 })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
    await expect(
      t.db.$executeRawUnsafe(
        `INSERT INTO "SingletonAction" (kind, "slotKey", "nodeName", epoch) VALUES ('raw', 'raw:1', $1, $2)`,
        holder,
        epoch - 1,
      ),
    ).rejects.toThrow(/fenced|KX409/);
    await expect(
      t.db.$executeRawUnsafe(
        `INSERT INTO "MaintenanceRun" (kind, "slotKey", "nodeName", epoch) VALUES ('BACKUP', 'raw:1', $1, $2)`,
        holder,
        epoch - 1,
      ),
    ).rejects.toThrow(/fenced|KX409/);
    // An expired lease fences even its own holder at the right epoch.
    await expire();
    await expect(recordSingletonAction(t.db, { kind: "test4", nodeName: holder, epoch, slotMs: 60_000 })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
  });

  it("one action per time slot: the second primary-only write of a slot is a no-op", async () => {
    const got = await acquireOrRenewLease(t.db, { nodeName: "c", ttlMs: 5000 });
    const epoch = got.epoch ?? 0;
    const first = await recordSingletonAction(t.db, { kind: "slot", nodeName: "c", epoch, slotMs: 3_600_000 });
    const second = await recordSingletonAction(t.db, { kind: "slot", nodeName: "c", epoch, slotMs: 3_600_000 });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
  });

  it("a preferred node takes a live lease only when allowed to preempt (after its hold-down), and never from another preferred node", async () => {
    await t.db.nodeRole.updateMany({ where: { node: { name: "a" } }, data: { primaryPreferred: true } });
    const held = await currentPrimary(t.db);
    expect(held?.holderName).toBe("c");
    expect((await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000, preempt: false })).epoch).toBeNull();
    const taken = await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000, preempt: true });
    expect(taken).toEqual({ epoch: (held?.epoch ?? 0) + 1, previousHolder: "c", previousLive: true });
    // b, not preferred, cannot preempt, and a preferred holder is not preempted.
    expect((await acquireOrRenewLease(t.db, { nodeName: "b", ttlMs: 5000, preempt: true })).epoch).toBeNull();
  });

  it("a draining or ineligible node cannot take the lease, the database checks its row", async () => {
    await expire();
    await t.db.clusterNode.update({ where: { name: "a" }, data: { state: "DRAINING" } });
    await t.db.nodeRole.updateMany({ where: { node: { name: "b" } }, data: { primaryEligible: false } });
    expect((await acquireOrRenewLease(t.db, { nodeName: "a", ttlMs: 5000 })).epoch).toBeNull();
    expect((await acquireOrRenewLease(t.db, { nodeName: "b", ttlMs: 5000 })).epoch).toBeNull();
    expect((await acquireOrRenewLease(t.db, { nodeName: "c", ttlMs: 5000 })).epoch).not.toBeNull();
  });
});
