import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createIntakeQueue, type TIngestItem } from "../../lib/alarms/index.ts";
import { openIntakeSpool } from "../../lib/alarms/intake-spool.ts";
import type { TDb } from "../../lib/db/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const item = (n: number): TIngestItem => ({
  kind: "raise",
  alarm: { source: "SNMP", severity: "MAJOR", productId: "1000000555", maintObject: "DS1-BD", port: `P${n}`, occurredAt: new Date() },
});

/** The real database, unreachable while `down` is set (every call fails like a refused connection). */
function switchable(db: TDb) {
  const state = { down: false };
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function" || !String(prop).startsWith("$")) return v;
      return (...args: unknown[]) => (state.down ? Promise.reject(new Error("connect ECONNREFUSED")) : v.apply(target, args));
    },
  });
  return { db: proxy as TDb, state };
}

const lines = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".log"))
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean));

describe("local intake spool", () => {
  const t = useTestDatabase("intake_spool");
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), "klaxon-spool-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("while the database is away every item is on disk, beyond the memory bound too, and a new process stores each once", async () => {
    const dir = tmp();
    const { db, state } = switchable(t.db);
    state.down = true;
    const spool = openIntakeSpool({ dir, maxBytes: 64 * 1024 * 1024, log: quiet });
    const q = createIntakeQueue({ db, nodeName: "spool-a", log: quiet, maxQueued: 200, spool: { spool, lane: 0 } });
    for (let i = 0; i < 1000; i++) expect(q.enqueue(item(i))).toBe(true);
    await q.durable();
    expect(lines(dir)).toHaveLength(1000);
    expect(q.stats()).toMatchObject({ dropped: 0 });
    expect(q.stats().queued).toBeLessThanOrEqual(200);
    // The process dies with the database still away (its memory is gone; the spool is not).
    await q.stop(1);

    state.down = false;
    const again = createIntakeQueue({
      db,
      nodeName: "spool-a",
      log: quiet,
      spool: { spool: openIntakeSpool({ dir, maxBytes: 64 * 1024 * 1024, log: quiet }), lane: 0 },
    });
    await again.flush();
    const alarms = await t.db.alarm.findMany({ where: { productId: "1000000555" }, select: { port: true, count: true } });
    expect(alarms).toHaveLength(1000);
    expect(alarms.every((a) => a.count === 1)).toBe(true);
    await again.stop();

    // A third start finds nothing new: the database's mark says all of it is stored.
    const third = createIntakeQueue({
      db,
      nodeName: "spool-a",
      log: quiet,
      spool: { spool: openIntakeSpool({ dir, maxBytes: 64 * 1024 * 1024, log: quiet }), lane: 0 },
    });
    await third.flush();
    expect(third.stats().committed).toBe(0);
    await third.stop();
    expect(await t.db.alarm.aggregate({ where: { productId: "1000000555" }, _sum: { count: true } })).toMatchObject({
      _sum: { count: 1000 },
    });
  });

  it("a torn last line (a crash mid-write) is cut off and the rest replayed", async () => {
    const dir = tmp();
    const spool = openIntakeSpool({ dir, maxBytes: 1024 * 1024, log: quiet });
    spool.append([item(1), item(2)]);
    await spool.durable();
    await spool.close();
    const file = readdirSync(dir).find((f) => f.endsWith(".log")) as string;
    appendFileSync(path.join(dir, file), '{"s":99999999999999999,"i":{"kind":"rai');
    const reopened = openIntakeSpool({ dir, maxBytes: 1024 * 1024, log: quiet });
    const entries = await reopened.read(0, 100);
    expect(entries.map((e) => (e.item.kind === "raise" ? e.item.alarm.port : ""))).toEqual(["P1", "P2"]);
    expect(entries[0]?.item.kind === "raise" && entries[0].item.alarm.occurredAt).toBeInstanceOf(Date);
    await reopened.close();
  });

  it("bounded: over its size the oldest items are dropped and counted, the newest kept", async () => {
    const dir = tmp();
    const { db, state } = switchable(t.db);
    state.down = true;
    const spool = openIntakeSpool({ dir, maxBytes: 256 * 1024, log: quiet });
    const q = createIntakeQueue({ db, nodeName: "spool-b", log: quiet, maxQueued: 100, spool: { spool, lane: 0 } });
    for (let i = 0; i < 5000; i++)
      q.enqueue({ kind: "raise", alarm: { ...(item(i) as { alarm: object }).alarm, productId: "1000000556" } as never });
    await q.durable();
    const stats = q.stats();
    expect(stats.spoolBytes).toBeLessThanOrEqual(256 * 1024 + 70 * 1024);
    expect(stats.spoolDropped).toBeGreaterThan(0);
    state.down = false;
    await q.flush();
    const stored = await t.db.alarm.findMany({ where: { productId: "1000000556" }, select: { port: true } });
    const final = q.stats();
    expect(stored.length + final.spoolDropped, JSON.stringify(final)).toBe(5000);
    expect(final.dropped).toBe(0);
    // What survived is the newest.
    expect(stored.map((a) => a.port)).toContain("P4999");
    expect(stored.map((a) => a.port)).not.toContain("P0");
    await q.stop();
  });
});
