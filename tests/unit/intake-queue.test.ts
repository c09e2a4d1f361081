import { describe, expect, it } from "vitest";
import { createIntakeQueue, type TIngestItem } from "../../lib/alarms/index.ts";
import type { TDb } from "../../lib/db/index.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const item = (n: number): TIngestItem => ({
  kind: "raise",
  alarm: { source: "SNMP", severity: "MAJOR", productId: "1", maintObject: "MO", port: String(n) },
});

/** Just enough of Prisma for ingest: a database that is down until `up` is set. */
function flakyDb() {
  const state = { up: false, transactions: 0, rows: [] as string[][] };
  const fail = () => Promise.reject(new Error("connection refused"));
  const tx = {
    $queryRawUnsafe: (sql: string, ...params: unknown[]) => {
      // Only the statement that inserts alarms (repeats of open alarms are tried first, elsewhere).
      if (sql.includes('INSERT INTO "Alarm"')) state.rows.push(params[5] as string[]);
      return Promise.resolve([]);
    },
    $executeRawUnsafe: () => Promise.resolve(0),
  };
  const db = {
    $transaction: (fn: (t: typeof tx) => Promise<unknown>) => {
      if (!state.up) return fail();
      state.transactions += 1;
      return fn(tx);
    },
    $queryRawUnsafe: () => (state.up ? Promise.resolve([]) : fail()),
  };
  return { db: db as unknown as TDb, state };
}

describe("intake queue", () => {
  it("keeps items while the database is down and writes them once it is back", async () => {
    const { db, state } = flakyDb();
    const q = createIntakeQueue({ db, nodeName: "n", log: quiet });
    for (let i = 0; i < 50; i++) q.enqueue(item(i));
    await new Promise((r) => setTimeout(r, 300));
    expect(q.stats()).toMatchObject({ queued: 50, committed: 0 });
    expect(q.stats().failures).toBeGreaterThan(0);
    state.up = true;
    await q.flush();
    expect(q.stats()).toMatchObject({ queued: 0, committed: 50, dropped: 0 });
    expect(state.rows.flat()).toHaveLength(50);
  });

  it("writes many items in few transactions", async () => {
    const { db, state } = flakyDb();
    state.up = true;
    const q = createIntakeQueue({ db, nodeName: "n", log: quiet, maxBatch: 500 });
    for (let i = 0; i < 2000; i++) q.enqueue(item(i));
    await q.flush();
    expect(q.stats().committed).toBe(2000);
    expect(state.transactions).toBeLessThanOrEqual(5);
  });

  it("bounds memory: beyond maxQueued items are dropped and counted", async () => {
    const { db } = flakyDb();
    const q = createIntakeQueue({ db, nodeName: "n", log: quiet, maxQueued: 10 });
    const accepted = Array.from({ length: 15 }, (_, i) => q.enqueue(item(i))).filter(Boolean).length;
    expect(accepted).toBe(10);
    expect(q.stats().dropped).toBe(5);
    await q.stop(50);
  });

  it("rate-limits rejects per source address", () => {
    const { db } = flakyDb();
    const q = createIntakeQueue({ db, nodeName: "n", log: quiet, rejectRatePerSec: 1, rejectBurst: 3 });
    const a = Array.from({ length: 10 }, () => q.reject({ source: "SNMP", remote: "10.0.0.1:99", reason: "bad", raw: "00" })).filter(
      Boolean,
    ).length;
    const b = q.reject({ source: "SNMP", remote: "10.0.0.2:99", reason: "bad", raw: "00" });
    expect(a).toBe(3);
    expect(b).toBe(true);
    expect(q.stats().rejectsSuppressed).toBe(7);
  });
});
