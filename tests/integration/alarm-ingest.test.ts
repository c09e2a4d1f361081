import { describe, expect, it } from "vitest";
import { acknowledgeAlarms, ingest, resolveAlarms, type TAlarmInput } from "../../lib/alarms/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const ctx = { nodeName: "test-node" };
const ds1: TAlarmInput = {
  source: "SNMP",
  productId: "1000000001",
  severity: "MAJOR",
  maintObject: "DS1-BD",
  port: "01A05",
  alarmType: "MAJOR",
  alarmNumber: "17",
  raw: { varbinds: [{ oid: "1.3.6.1.4.1.6889.2.8.1.4.6.1.3.17", value: "DS1-BD" }] },
};

describe("alarm ingest", () => {
  const t = useTestDatabase("ingest");

  it("a second report of an active alarm raises its count instead of adding a row", async () => {
    const first = await ingest(t.db, [{ kind: "raise", alarm: ds1 }], ctx);
    const second = await ingest(
      t.db,
      [
        { kind: "raise", alarm: ds1 },
        { kind: "raise", alarm: ds1 },
      ],
      ctx,
    );
    expect(first.created).toHaveLength(1);
    expect(second.repeated).toEqual(first.created);
    const alarm = await t.db.alarm.findUniqueOrThrow({ where: { id: first.created[0] }, include: { events: true } });
    expect(alarm.count).toBe(3);
    expect(alarm.events.map((e) => e.kind)).toEqual(["RECEIVED", "REPEATED"]);
  });

  it("a repeat with nothing new keeps the stored trap; one whose fields changed rewrites it", async () => {
    const base = { ...ds1, port: "04D01", alarmNumber: "20", description: "DS1 loss of signal" };
    const first = await ingest(t.db, [{ kind: "raise", alarm: { ...base, raw: { n: "first" } } }], ctx);
    const id = first.created[0] as number;
    const same = await ingest(t.db, [{ kind: "raise", alarm: { ...base, severity: "MINOR", raw: { n: "second" } } }], ctx);
    expect(same.repeated).toEqual([id]);
    const alarm = await t.db.alarm.findUniqueOrThrow({ where: { id } });
    expect(alarm).toMatchObject({ count: 2, severity: "MINOR", raw: { n: "first" } });
    expect(alarm.searchText).toContain("first");

    const changed = await ingest(t.db, [{ kind: "raise", alarm: { ...base, description: "DS1 red alarm", raw: { n: "third" } } }], ctx);
    expect(changed.repeated).toEqual([id]);
    const after = await t.db.alarm.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(after).toMatchObject({ count: 3, description: "DS1 red alarm", raw: { n: "third" } });
    expect(after.searchText).toContain("red alarm");
    // Both repeats fell in the same minute: one timeline entry (see "alarm storms").
    expect(after.events.map((e) => e.kind)).toEqual(["RECEIVED", "REPEATED"]);
  });

  it("two nodes ingesting the same alarm at once produce one alarm", async () => {
    const other = { ...ds1, port: "02B01", alarmNumber: "18" };
    await Promise.all(Array.from({ length: 8 }, (_, i) => ingest(t.db, [{ kind: "raise", alarm: other }], { nodeName: `n${i % 2}` })));
    const rows = await t.db.alarm.findMany({ where: { port: "02B01" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.count).toBe(8);
  });

  it("a clear naming product ID and alarm number resolves the alarm; the next report opens a new one", async () => {
    const r = await ingest(t.db, [{ kind: "clear", clear: { source: "SNMP", productId: "1000000001", alarmNumber: "17" } }], ctx);
    expect(r.resolved).toHaveLength(1);
    const again = await ingest(t.db, [{ kind: "raise", alarm: ds1 }], ctx);
    expect(again.created).toHaveLength(1);
    expect(again.created[0]).not.toBe(r.resolved[0]);
  });

  it("acknowledge and resolve record who did it on the timeline", async () => {
    const { created } = await ingest(t.db, [{ kind: "raise", alarm: { ...ds1, port: "03C01", alarmNumber: "19" } }], ctx);
    const actor = { name: "tech@example.com", nodeName: "test-node" };
    expect((await acknowledgeAlarms(t.db, { ids: created, comment: "on it", actor })).changed).toEqual(created);
    expect((await acknowledgeAlarms(t.db, { ids: created, actor })).changed).toEqual([]);
    expect((await resolveAlarms(t.db, { ids: created, actor })).changed).toEqual(created);
    const events = await t.db.alarmEvent.findMany({ where: { alarmId: created[0] }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ["RECEIVED", null],
      ["ACKNOWLEDGED", "tech@example.com"],
      ["RESOLVED", "tech@example.com"],
    ]);
  });
});

describe("alarm storms", () => {
  const t = useTestDatabase("ingest_storm");

  it("many repeats in separate batches raise the count but add at most one timeline entry a minute", async () => {
    const storm = { ...ds1, port: "09Z09", alarmNumber: "99" };
    const first = await ingest(t.db, [{ kind: "raise", alarm: storm }], ctx);
    for (let i = 0; i < 20; i++)
      await ingest(
        t.db,
        [
          { kind: "raise", alarm: storm },
          { kind: "raise", alarm: storm },
        ],
        ctx,
      );
    // A repeat with a changed description takes the full path: still no extra entry.
    await ingest(t.db, [{ kind: "raise", alarm: { ...storm, description: "changed" } }], ctx);
    const alarm = await t.db.alarm.findUniqueOrThrow({ where: { id: first.created[0] }, include: { events: { orderBy: { id: "asc" } } } });
    expect(alarm.count).toBe(42);
    expect(alarm.events.map((e) => e.kind)).toEqual(["RECEIVED", "REPEATED"]);
    expect(alarm.events[1]?.message).toContain("count now 3");
  });
});
