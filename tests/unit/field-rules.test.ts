import { describe, expect, it } from "vitest";
import { ALARM_FIELD_MAX, CUT_MARKER, cutField, isProductId } from "../../lib/alarms/index.ts";
import { applyFieldRules } from "../../lib/alarms/field-rules.ts";

describe("intake field rules", () => {
  it("cuts with a marker, drops control characters, keeps newlines only in multi-line text", () => {
    expect(cutField("  DS1-BD  ", 64)).toBe("DS1-BD");
    expect(cutField("x".repeat(70), 64)).toBe(`${"x".repeat(64 - CUT_MARKER.length)}${CUT_MARKER}`);
    expect(cutField("a\u0000b\u001b[2Jc\nd", 64)).toBe("ab[2Jcd");
    expect(cutField("line 1\nline\t2\u0007", 64, { multiline: true })).toBe("line 1\nline\t2");
  });

  it("every kind of item is bounded; the raw report is left whole; an over-long dedup key becomes a digest", () => {
    const raw = { value: "z".repeat(10_000) };
    const r = applyFieldRules({
      kind: "raise",
      alarm: { source: "SNMP", severity: "MAJOR", productId: "1".repeat(40), description: "d".repeat(5000), raw, dedupKey: "k".repeat(600) },
    });
    if (r.kind !== "raise") throw new Error("kind changed");
    expect(r.alarm.productId).toHaveLength(ALARM_FIELD_MAX.productId);
    expect(r.alarm.description).toHaveLength(ALARM_FIELD_MAX.description);
    expect(r.alarm.raw).toBe(raw);
    expect(r.alarm.dedupKey).toMatch(/^H\|[0-9a-f]{64}$/);
    const e = applyFieldRules({ kind: "event", event: { source: "INADS", kind: "k".repeat(100), message: "m".repeat(3000) } });
    if (e.kind !== "event") throw new Error("kind changed");
    expect(e.event.kind).toHaveLength(ALARM_FIELD_MAX.eventKind);
    expect(e.event.message).toHaveLength(ALARM_FIELD_MAX.eventMessage);
  });

  it("a product ID is 10 digits", () => {
    expect(isProductId("1000000105")).toBe(true);
    expect(isProductId("1000000105' OR 1=1--")).toBe(false);
    expect(isProductId("100000010")).toBe(false);
    expect(isProductId(null)).toBe(false);
  });
});
