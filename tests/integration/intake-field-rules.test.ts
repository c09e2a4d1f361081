import { describe, expect, it } from "vitest";
import { ALARM_FIELD_MAX, CUT_MARKER } from "../../lib/alarms/index.ts";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { useSnmpIntake } from "../support/snmp-intake-rig.ts";
import { AVAYA_TRAP, avayaVarbinds, sendTrap } from "../support/snmp-send.ts";
import { waitFor } from "../support/wait-for.ts";

// A trap cannot be refused for an over-long field like an API call: it is cut (with a marker),
// the raw trap keeps it whole, and a product ID that is not one is kept but never offered as a system.
describe("intake field rules on the SNMP path", () => {
  const t = useTestDatabase("intake_field_rules");
  const rig = useSnmpIntake(t, { secret: "field-rules-test-secret-key-0123456789", dataDirPrefix: "klaxon-fields-", nodeName: "fields", systems: () => [] });

  it("a 5,000-character maintenance object is cut with a marker; the raw trap keeps all of it", async () => {
    const long = `DS1-BD${"X".repeat(4994)}`;
    await sendTrap({
      port: rig.port,
      community: "public",
      oid: `${AVAYA_TRAP}.2`,
      varbinds: avayaVarbinds({ productId: "1000000555", alarmNumber: "7", maintObject: long, port: "01A05\u0000\u001b[2J", altName: "a".repeat(300) }),
    });
    const alarm = await waitFor(() => t.db.alarm.findFirst({ where: { productId: "1000000555" } }), 10_000);
    expect(alarm.maintObject).toHaveLength(ALARM_FIELD_MAX.maintObject);
    expect(alarm.maintObject?.startsWith("DS1-BDXXX")).toBe(true);
    expect(alarm.maintObject?.endsWith(CUT_MARKER)).toBe(true);
    expect(alarm.altName).toHaveLength(ALARM_FIELD_MAX.altName);
    // Control characters (a NUL, a terminal escape) do not reach the board (binary values show as hex).
    expect(alarm.port).not.toMatch(/[\u0000-\u001f]/);
    expect(alarm.description?.length).toBeLessThanOrEqual(ALARM_FIELD_MAX.description);
    expect(JSON.stringify(alarm.raw)).toContain(long);
  });

  it("a product ID that is not 10 digits is stored and flagged; Create system is offered only for real ones", async () => {
    const forged = "1000000105' OR 1=1--";
    await sendTrap({ port: rig.port, community: "public", oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds({ productId: forged, alarmNumber: "8", maintObject: "TDM-BUS" }) });
    await sendTrap({ port: rig.port, community: "public", oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds({ productId: "1000000666", alarmNumber: "9", maintObject: "TDM-BUS" }) });
    const alarm = await waitFor(() => t.db.alarm.findFirst({ where: { productId: forged } }), 10_000);
    expect(alarm.systemId).toBeNull();
    await waitFor(() => t.db.alarm.findFirst({ where: { productId: "1000000666" } }), 10_000);
    const unknown = await callerAs(t.db, "VIEWER").system.unknown();
    expect(unknown.find((u) => u.productId === forged)).toMatchObject({ valid: false, alarms: 1 });
    expect(unknown.find((u) => u.productId === "1000000666")).toMatchObject({ valid: true });
    await expect(callerAs(t.db, "ADMIN").system.createFromUnknown({ productId: forged })).rejects.toThrow();
  });
});
