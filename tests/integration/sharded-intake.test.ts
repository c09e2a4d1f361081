import { describe, expect, it } from "vitest";
import { createShardedIntakeQueue, type TIngestItem } from "../../lib/alarms/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("sharded intake queue", () => {
  const t = useTestDatabase("sharded_intake");

  it("writes through several lanes but keeps each system's raise → clear → raise order", async () => {
    const q = createShardedIntakeQueue({ db: t.db, nodeName: "n", log: quiet, lanes: 3, maxBatch: 7 });
    const products = Array.from({ length: 30 }, (_, i) => String(2000000000 + i));
    const raise = (productId: string): TIngestItem => ({
      kind: "raise",
      alarm: { source: "SNMP", severity: "MAJOR", productId, maintObject: "DS1-BD", port: "01A05", alarmType: "MAJOR", alarmNumber: "9" },
    });
    const clear = (productId: string): TIngestItem => ({ kind: "clear", clear: { source: "SNMP", productId, alarmNumber: "9" } });
    for (const p of products) q.enqueue(raise(p));
    for (const p of products) q.enqueue(clear(p));
    for (const p of products) q.enqueue(raise(p));
    await q.flush();
    expect(q.stats()).toMatchObject({ committed: 90, queued: 0, dropped: 0 });
    expect(q.stats().batches).toBeGreaterThanOrEqual(3);
    for (const p of products) {
      const rows = await t.db.alarm.findMany({ where: { productId: p }, orderBy: { id: "asc" }, select: { status: true } });
      expect(
        rows.map((r) => r.status),
        p,
      ).toEqual(["RESOLVED", "ACTIVE"]);
    }
    await q.stop();
  });
});
