import { describe, expect, it } from "vitest";
import { dedupKeyOf } from "../../lib/alarms/index.ts";
import { G3_ALARMS_ENTRY, polledRowToAlarm, reconcileAlarms, rowsFromVarbinds } from "../../lib/snmp-manager/index.ts";

const E = G3_ALARMS_ENTRY;
const vb = (column: number, index: string, value: string) => ({ oid: `${E}.${column}.${index}`, value });

describe("SNMP manager: reading the g3alarms table", () => {
  it("groups column varbinds into rows by index and ignores other columns and other subtrees", () => {
    const rows = rowsFromVarbinds([
      vb(1, "5", "01A05"),
      vb(3, "5", "DS1-BD"),
      vb(6, "5", "major"),
      vb(17, "5", "5"),
      vb(1, "9", ""),
      vb(3, "9", "POWER"),
      vb(6, "9", "MINOR"),
      vb(99, "9", "unknown column"),
      { oid: "1.3.6.1.2.1.1.3.0", value: "12345" },
    ]);
    expect(rows).toEqual([
      { index: "5", port: "01A05", maintObject: "DS1-BD", alarmType: "major", alarmNumber: "5" },
      { index: "9", port: "", maintObject: "POWER", alarmType: "MINOR" },
    ]);
  });

  it("a polled row gets the same dedup key as the trap for the same alarm (alarm type upper-cased)", () => {
    const a = polledRowToAlarm({ index: "5", port: "01A05", maintObject: "DS1-BD", alarmType: "major", onBoard: "y" }, "1000000101");
    expect(a).toMatchObject({ source: "SNMP", severity: "MAJOR", alarmType: "MAJOR", onBoard: true, alarmNumber: "5" });
    expect(dedupKeyOf(a)).toBe("A|1000000101|DS1-BD|01A05|MAJOR");
  });

  it("raises what only the table holds, resolves what only Klaxon holds, and leaves alone what a trap touched during the poll", () => {
    const polled = [
      polledRowToAlarm({ index: "5", port: "01A05", maintObject: "DS1-BD", alarmType: "MAJOR", alarmNumber: "5" }, "1000000101"),
      polledRowToAlarm({ index: "6", port: "01B02", maintObject: "ANL-LINE", alarmType: "MINOR", alarmNumber: "6" }, "1000000101"),
    ];
    const r = reconcileAlarms({
      polled,
      open: [
        { id: 1, dedupKey: "A|1000000101|DS1-BD|01A05|MAJOR", alarmNumber: "5", touched: false },
        { id: 2, dedupKey: "A|1000000101|POWER||MINOR", alarmNumber: "8", touched: false },
        { id: 3, dedupKey: "A|1000000101|CO-TRK|01C0301|MINOR", alarmNumber: "9", touched: true },
      ],
    });
    expect(r.raise.map((a) => a.alarmNumber)).toEqual(["6"]);
    expect(r.resolveIds).toEqual([2]);
  });

  it("matches by alarm number when the type changed since the trap", () => {
    const polled = [polledRowToAlarm({ index: "5", port: "01A05", maintObject: "DS1-BD", alarmType: "MINOR", alarmNumber: "5" }, "1")];
    const r = reconcileAlarms({ polled, open: [{ id: 1, dedupKey: "A|1|DS1-BD|01A05|MAJOR", alarmNumber: "5", touched: false }] });
    expect(r).toEqual({ raise: [], resolveIds: [] });
  });
});

describe("SNMP manager: OID order", () => {
  it("compares OIDs arc by arc as numbers, a prefix first", async () => {
    const { compareOids } = await import("../../lib/snmp-manager/snmp-walk.ts");
    expect(compareOids("1.3.6.1.9", "1.3.6.1.10")).toBeLessThan(0);
    expect(compareOids("1.3.6.1", "1.3.6.1.0")).toBeLessThan(0);
    expect(compareOids("1.3.6.2", "1.3.6.1.5")).toBeGreaterThan(0);
    expect(compareOids("1.3.6", "1.3.6")).toBe(0);
  });
});
