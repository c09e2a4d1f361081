import { describe, expect, it } from "vitest";
import { decodeTrap, G3_COLUMNS, TRAP_DEFINITIONS, type TTrap } from "../../lib/alarms/index.ts";

const vb = (oid: string, value: string, type = "OctetString") => ({ oid, type, value });
const trap = (trapOid: string, varbinds: TTrap["varbinds"], extra: Partial<TTrap> = {}): TTrap => ({
  version: "v2c",
  pdu: "trap",
  community: "public",
  remote: "10.1.2.3:1024",
  trapOid,
  varbinds,
  receivedAt: new Date("2026-01-01T00:00:00Z"),
  ...extra,
});
const avaya = (n: number) => `1.3.6.1.4.1.6889.1.8.1.0.${n}`;
const alarmVbs = [
  vb(`${G3_COLUMNS.productId}.7`, "1000000001"),
  vb(`${G3_COLUMNS.alarmNumber}.7`, "7"),
  vb(`${G3_COLUMNS.port}.7`, "01A0501"),
  vb(`${G3_COLUMNS.maintObject}.7`, "DS1-BD"),
  vb(`${G3_COLUMNS.onBoard}.7`, "y"),
  vb(`${G3_COLUMNS.alarmType}.7`, "major"),
];

describe("trap decoding", () => {
  it("ships a definition for every G3-AVAYA-TRAP notification in DOMAIN.md", () => {
    const numbers = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 101, 102, 103, 104, 105, 106, 110, 150, 151];
    for (const n of numbers) expect(TRAP_DEFINITIONS.some((d) => d.oid === avaya(n))).toBe(true);
  });

  it("an alarmMajor trap fills the alarm fields from varbinds matched by column prefix", () => {
    const d = decodeTrap(trap(avaya(2), alarmVbs));
    expect(d.ok && d.item.kind === "raise" && d.item.alarm).toMatchObject({
      productId: "1000000001",
      alarmNumber: "7",
      port: "01A0501",
      maintObject: "DS1-BD",
      onBoard: true,
      alarmType: "MAJOR",
      severity: "MAJOR",
      dedupKey: undefined,
    });
  });

  it("extalarm traps take alt name and description from the external device columns", () => {
    const d = decodeTrap(
      trap(avaya(6), [...alarmVbs, vb(`${G3_COLUMNS.extDescription}.1`, "door open"), vb(`${G3_COLUMNS.extAltName}.1`, "door-3")]),
    );
    expect(d.ok && d.item.kind === "raise" && d.item.alarm).toMatchObject({ severity: "MINOR", altName: "door-3" });
    expect(d.ok && d.item.kind === "raise" && d.item.alarm.description).toContain("door open");
  });

  it("alarmClear and alarmResolved name the alarm to resolve by product ID and alarm number", () => {
    for (const n of [0, 12]) {
      const d = decodeTrap(trap(avaya(n), alarmVbs.slice(0, 2)));
      expect(d.ok && d.item).toEqual(
        expect.objectContaining({ kind: "clear", clear: expect.objectContaining({ productId: "1000000001", alarmNumber: "7" }) }),
      );
    }
    expect(decodeTrap(trap(avaya(0), alarmVbs.slice(1, 2)))).toMatchObject({ ok: false });
  });

  it("alarmRestart and connect/proxy traps become system events", () => {
    for (const [n, kind] of [
      [9, "alarmRestart"],
      [105, "connectUp"],
      [150, "proxyDown"],
    ] as const) {
      const d = decodeTrap(trap(avaya(n), alarmVbs.slice(0, 1)));
      expect(d.ok && d.item.kind === "event" && d.item.event.kind).toBe(kind);
    }
  });

  it("identical generic traps share a dedup key whatever their timestamps and varbind order; a changed value does not", () => {
    const a = decodeTrap(
      trap("1.3.6.1.4.1.9.0.1", [
        vb("1.3.6.1.4.1.9.1", "x"),
        vb("1.3.6.1.4.1.9.2", "5", "Integer"),
        vb("1.3.6.1.4.1.9.3", "77", "TimeTicks"),
      ]),
    );
    const b = decodeTrap(
      trap(
        "1.3.6.1.4.1.9.0.1",
        [vb("1.3.6.1.4.1.9.2", "5", "Integer"), vb("1.3.6.1.4.1.9.1", "x"), vb("1.3.6.1.4.1.9.3", "99", "TimeTicks")],
        { upTime: 5 },
      ),
    );
    const c = decodeTrap(trap("1.3.6.1.4.1.9.0.1", [vb("1.3.6.1.4.1.9.1", "y"), vb("1.3.6.1.4.1.9.2", "5", "Integer")]));
    const key = (d: typeof a) => (d.ok && d.item.kind === "raise" ? d.item.alarm.dedupKey : null);
    expect(key(a)).toMatch(/^T\|/);
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
  });

  it("a generic trap takes its system from the sender's address when it names none", () => {
    const d = decodeTrap(trap("1.3.6.1.4.1.9.0.1", [vb("1.3.6.1.4.1.9.1", "x")]), {
      productIdByAddress: (a) => (a === "10.1.2.3" ? "2000000002" : undefined),
    });
    expect(d).toMatchObject({ ok: true, productId: "2000000002" });
  });
});
