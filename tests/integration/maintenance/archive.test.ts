import { beforeAll, describe, expect, it } from "vitest";
import { ensureClusterSql, StaleEpochError } from "../../../lib/cluster/index.ts";
import { archiveResolvedAlarms, purgeArchivedAlarms } from "../../../lib/maintenance/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const guard = { nodeName: "archiver", epoch: 7 };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

describe("archiving resolved alarms", () => {
  const t = useTestDatabase("archive");
  let systemId = 0;
  let otherSystemId = 0;

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    await t.db.$executeRawUnsafe(
      `UPDATE "PrimaryLease" SET "holderName" = 'archiver', epoch = 7, "expiresAt" = (now() AT TIME ZONE 'UTC') + interval '1 hour' WHERE id = 1`,
    );
    const customer = await t.db.customer.create({ data: { name: "Archive Co" } });
    systemId = (await t.db.system.create({ data: { name: "PBX A", productId: "2000000001", customerId: customer.id } })).id;
    otherSystemId = (await t.db.system.create({ data: { name: "PBX B", productId: "2000000002" } })).id;
    const make = async (i: number, o: { status: "ACTIVE" | "RESOLVED"; age: number; systemId: number; severity?: "MAJOR" | "MINOR" }) => {
      // Half a day off whole days, so no alarm sits on a day or month cutoff.
      const at = daysAgo(o.age + 0.5);
      const a = await t.db.alarm.create({
        data: {
          source: "SNMP",
          systemId: o.systemId,
          productId: "2000000001",
          severity: o.severity ?? "MAJOR",
          maintObject: i % 2 ? "DS1-BD" : "POWER",
          port: `01A${String(i).padStart(4, "0")}`,
          dedupKey: `k${i}`,
          activeKey: o.status === "RESOLVED" ? null : `k${i}`,
          status: o.status,
          firstSeenAt: at,
          lastSeenAt: at,
          resolvedAt: o.status === "RESOLVED" ? at : null,
          searchText: `ds1 trunk ${i}`,
        },
      });
      await t.db.alarmEvent.createMany({
        data: [
          { alarmId: a.id, kind: "received", message: "received", at },
          { alarmId: a.id, kind: "resolved", message: "resolved by test", actor: "tech@example.com", at },
        ],
      });
      return a.id;
    };
    // 25 old resolved (to archive: 15 on A, 10 on B), 5 recent resolved, 5 old but still active.
    for (let i = 0; i < 25; i++)
      await make(i, { status: "RESOLVED", age: 100 + i, systemId: i < 15 ? systemId : otherSystemId, severity: i % 3 ? "MAJOR" : "MINOR" });
    for (let i = 25; i < 30; i++) await make(i, { status: "RESOLVED", age: 2, systemId });
    for (let i = 30; i < 35; i++) await make(i, { status: "ACTIVE", age: 200, systemId });
  });

  it("moves resolved alarms older than N days in batches, with their timeline, and leaves the rest", async () => {
    const r = await archiveResolvedAlarms(t.db, { afterDays: 90, batchSize: 4, pauseMs: 0, guard });
    expect(r).toMatchObject({ archived: 25, batches: 7 });
    expect(await t.db.alarm.count()).toBe(10);
    expect(await t.db.alarm.count({ where: { status: "ACTIVE" } })).toBe(5);
    expect(await t.db.archivedAlarm.count()).toBe(25);
    expect(await t.db.alarmEvent.count()).toBe(20); // the archived alarms' events went with them

    const one = await t.db.archivedAlarm.findFirstOrThrow({ orderBy: { id: "asc" } });
    const detail = await callerAs(t.db, "VIEWER").alarm.get({ id: one.id });
    expect(detail).toMatchObject({ id: one.id, status: "RESOLVED", archived: true });
    expect(detail.events.map((e) => e.kind)).toEqual(["received", "resolved"]);
    expect(detail.events[1]?.actor).toBe("tech@example.com");
    expect(detail.events[0]?.at).toBeInstanceOf(Date);

    // Nothing left to do: a second run moves nothing.
    expect((await archiveResolvedAlarms(t.db, { afterDays: 90, guard })).archived).toBe(0);
  });

  it("alarm.list with archived: true searches the archive with the same filters, sort and cursor", async () => {
    const viewer = callerAs(t.db, "VIEWER");
    const live = await viewer.alarm.list({ limit: 100 });
    expect(live.items).toHaveLength(10);
    const all = await viewer.alarm.list({ archived: true, sort: "lastSeen", limit: 100 });
    expect(all.items).toHaveLength(25);
    const seen = all.items.map((a) => a.lastSeenAt.getTime());
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(all.items[0]?.systemName).toBe("PBX A");
    expect(all.items[0]?.customerName).toBe("Archive Co");

    expect((await viewer.alarm.list({ archived: true, systemId: otherSystemId, limit: 100 })).items).toHaveLength(10);
    expect(
      (await viewer.alarm.list({ archived: true, customerId: (await t.db.customer.findFirstOrThrow()).id, limit: 100 })).items,
    ).toHaveLength(15);
    expect((await viewer.alarm.list({ archived: true, severity: ["MINOR"], limit: 100 })).items).toHaveLength(9);
    expect((await viewer.alarm.list({ archived: true, q: "trunk 7", limit: 100 })).items.map((a) => a.port)).toEqual(["01A0007"]);
    expect((await viewer.alarm.list({ archived: true, to: daysAgo(120), limit: 100 })).items).toHaveLength(5); // 120.5 … 124.5 days

    const pages: number[] = [];
    let cursor: number | null | undefined;
    do {
      const page = await viewer.alarm.list({ archived: true, sort: "lastSeen", limit: 7, cursor });
      pages.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((a) => a.id));
    expect((await viewer.alarm.list({ archived: false, limit: 100 })).items).toHaveLength(10);
  });

  it("purges archived alarms older than M months", async () => {
    const cutoff = new Date();
    cutoff.setUTCMonth(cutoff.getUTCMonth() - 4);
    const ages = Array.from({ length: 25 }, (_, i) => 100.5 + i);
    const older = ages.filter((a) => daysAgo(a) < cutoff).length;
    expect(older).toBeGreaterThan(0);
    const r = await purgeArchivedAlarms(t.db, { months: 4, guard, pauseMs: 0 });
    expect(r.purged).toBe(older);
    expect(await t.db.archivedAlarm.count()).toBe(25 - older);
    expect(await t.db.archivedAlarm.count({ where: { lastSeenAt: { lt: cutoff } } })).toBe(0);
  });

  it("a node that does not hold the lease at its epoch moves nothing", async () => {
    await t.db.alarm.updateMany({ where: { status: "ACTIVE" }, data: { status: "RESOLVED", activeKey: null, resolvedAt: daysAgo(200) } });
    await expect(archiveResolvedAlarms(t.db, { afterDays: 90, guard: { nodeName: "archiver", epoch: 6 } })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
    await expect(archiveResolvedAlarms(t.db, { afterDays: 90, guard: { nodeName: "other", epoch: 7 } })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
    expect(await t.db.alarm.count({ where: { resolvedAt: { lt: daysAgo(150) } } })).toBe(5);
  });
});
