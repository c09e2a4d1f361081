import { describe, expect, it } from "vitest";
import { ingest } from "../../lib/alarms/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { callerAs } from "../support/api-caller.ts";

describe("alarm API contract", () => {
  const t = useTestDatabase("alarm_api");

  it("alarm.list filters, searches the raw payload, and pages with a cursor", async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      kind: "raise" as const,
      alarm: {
        source: "SNMP" as const,
        productId: "3000000001",
        severity: (i % 2 ? "MINOR" : "MAJOR") as "MINOR" | "MAJOR",
        maintObject: "ANL-LINE",
        port: `01A03${String(i).padStart(2, "0")}`,
        alarmType: i % 2 ? "MINOR" : "MAJOR",
        raw: { varbinds: [{ oid: "1.3.6.1.4.1.6889.2.8.1.31.6.1.4.1", value: `needle-${i}-in-a-varbind` }] },
      },
    }));
    await ingest(t.db, items, { nodeName: "n" });
    const api = callerAs(t.db, "VIEWER");

    const found = await api.alarm.list({ q: "NEEDLE-7-in" });
    expect(found.items.map((a) => a.port)).toEqual(["01A0307"]);
    for (const key of [
      "id",
      "productId",
      "systemId",
      "severity",
      "maintObject",
      "port",
      "status",
      "count",
      "source",
      "description",
      "firstSeenAt",
      "lastSeenAt",
    ]) {
      expect(found.items[0]).toHaveProperty(key);
    }

    const minors = await api.alarm.list({ severity: ["MINOR"], status: ["ACTIVE"] });
    expect(minors.items).toHaveLength(12);

    const seen = new Set<number>();
    let cursor: number | undefined;
    do {
      const page = await api.alarm.list({ limit: 10, cursor });
      for (const a of page.items) seen.add(a.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(25);

    await expect(api.alarm.list({ limit: 501 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const stats = await api.alarm.stats();
    expect(stats.bySeverity).toMatchObject({ MAJOR: 13, MINOR: 12 });
    expect(stats.byStatus.ACTIVE).toBe(25);
  });

  it("alarm.ingest from a program dedups like any other source and alarm.get returns the timeline", async () => {
    const tech = callerAs(t.db, "TECHNICIAN");
    const alarm = { productId: "3000000002", severity: "MAJOR" as const, maintObject: "TDM-BUS", port: "01A", alarmType: "MAJOR" };
    const a = await tech.alarm.ingest({ alarms: [alarm] });
    const b = await tech.alarm.ingest({ alarms: [alarm] });
    expect(b.repeated).toEqual(a.created);
    const got = await tech.alarm.get({ id: a.created[0] as number });
    expect(got.count).toBe(2);
    expect(got.source).toBe("API");
    expect(got.events.map((e) => e.kind)).toEqual(["RECEIVED", "REPEATED"]);
    await expect(tech.alarm.ingest({ alarms: [{ ...alarm, severity: "LOUD" as "MAJOR" }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(tech.alarm.get({ id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
