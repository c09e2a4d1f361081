import snmp from "net-snmp";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db-fixture.ts";
import { useSnmpIntake } from "../support/snmp-intake-rig.ts";
import { AVAYA_TRAP, avayaVarbinds, runSnmptrap, sendTrap, sendV3, snmptrapVarbindArgs } from "../support/snmp-send.ts";

const SECRET = "snmp-intake-test-secret-key-0123456789";
const V3_USER = { name: "klaxonv3", authKey: "authpass123", privKey: "privpass123" };
const v3User = {
  name: V3_USER.name,
  level: snmp.SecurityLevel.authPriv,
  authProtocol: snmp.AuthProtocols.sha,
  authKey: V3_USER.authKey,
  privProtocol: snmp.PrivProtocols.aes,
  privKey: V3_USER.privKey,
};

/** Polls until `probe` returns a value: the listener's promise is "stored within 1 s". */
async function within<T>(ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("SNMP trap intake", () => {
  const t = useTestDatabase("snmp_intake");
  const rig = useSnmpIntake(t, {
    secret: SECRET,
    dataDirPrefix: "klaxon-snmp-",
    nodeName: "snmp-test",
    systems: (v3) => [
      { name: "pbx-one", productId: "1000000001", snmpCommunity: "pbx1secret" },
      { name: "pbx-three", productId: "3000000003", snmpVersion: "V3", ...v3(V3_USER) },
    ],
  });
  let port: number;
  beforeAll(() => {
    port = rig.port;
  });

  const alarmBy = (productId: string, alarmNumber: string) =>
    t.db.alarm.findFirst({ where: { productId, alarmNumber }, orderBy: { id: "desc" } });

  it("a v2c Avaya alarmMajor trap is decoded into the alarm fields and stored within 1 s", async () => {
    const a = {
      productId: "1000000001",
      alarmNumber: "11",
      port: "01A0501",
      maintObject: "DS1-BD",
      onBoard: "y",
      alarmType: "MAJOR",
      altName: "78/01",
    } as const;
    await sendTrap({ port, community: "pbx1secret", oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds(a) });
    const alarm = await within(1000, () => alarmBy("1000000001", "11"));
    const system = await t.db.system.findUniqueOrThrow({ where: { productId: "1000000001" } });
    expect(alarm).toMatchObject({
      source: "SNMP",
      systemId: system.id,
      severity: "MAJOR",
      maintObject: "DS1-BD",
      port: "01A0501",
      onBoard: true,
      altName: "78/01",
      alarmType: "MAJOR",
      status: "ACTIVE",
      count: 1,
      receivedBy: "snmp-test",
    });
    expect(alarm.raw).toMatchObject({ version: "v2c", community: "(hidden)", trapOid: `${AVAYA_TRAP}.2`, trapName: "alarmMajor" });
    expect(alarm.searchText).toContain("78/01");
  });

  it("a second identical trap raises the count of the active alarm", async () => {
    const a = { productId: "1000000001", alarmNumber: "12", port: "02B0101", maintObject: "ANL-LINE", alarmType: "MINOR" };
    await sendTrap({ port, community: "pbx1secret", oid: `${AVAYA_TRAP}.3`, varbinds: avayaVarbinds(a), upTime: 100 });
    await within(1000, () => alarmBy("1000000001", "12"));
    await sendTrap({ port, community: "pbx1secret", oid: `${AVAYA_TRAP}.3`, varbinds: avayaVarbinds(a), upTime: 200 });
    const alarm = await within(1000, async () => {
      const x = await alarmBy("1000000001", "12");
      return x?.count === 2 && x;
    });
    expect(await t.db.alarm.count({ where: { productId: "1000000001", alarmNumber: "12" } })).toBe(1);
    expect(alarm.severity).toBe("MINOR");
  });

  it("alarmClear naming product ID and alarm number resolves the alarm", async () => {
    const a = { productId: "1000000001", alarmNumber: "13", port: "01C0301", maintObject: "CO-TRK", alarmType: "MINOR" };
    await sendTrap({ port, community: "pbx1secret", oid: `${AVAYA_TRAP}.3`, varbinds: avayaVarbinds(a) });
    await within(1000, () => alarmBy("1000000001", "13"));
    await sendTrap({
      port,
      community: "pbx1secret",
      oid: `${AVAYA_TRAP}.0`,
      varbinds: avayaVarbinds({ productId: "1000000001", alarmNumber: "13" }),
    });
    const resolved = await within(1000, async () => {
      const x = await alarmBy("1000000001", "13");
      return x?.status === "RESOLVED" && x;
    });
    expect(resolved.activeKey).toBeNull();
  });

  it("a trap whose community does not match its system is rejected and recorded, not stored", async () => {
    const a = { productId: "1000000001", alarmNumber: "14", port: "01A0101", maintObject: "POWER", alarmType: "MAJOR" };
    await sendTrap({ port, community: "guess", oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds(a) });
    const rej = await within(1000, () => t.db.rejectedIntake.findFirst({ where: { reason: { contains: "community" } } }));
    expect(rej).toMatchObject({ source: "SNMP", nodeName: "snmp-test" });
    expect(rej.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(Buffer.from(rej.raw, "hex").includes(Buffer.from("guess"))).toBe(true);
    expect(await alarmBy("1000000001", "14")).toBeNull();
  });

  it("a trap with an unknown product ID is kept as an alarm with that product ID and no system", async () => {
    const a = { productId: "9999999999", alarmNumber: "1", port: "01A0201", maintObject: "TDM-BUS", alarmType: "MAJOR" };
    await sendTrap({ port, community: "anything", oid: `${AVAYA_TRAP}.1`, varbinds: avayaVarbinds(a) });
    const alarm = await within(1000, () => alarmBy("9999999999", "1"));
    expect(alarm).toMatchObject({ systemId: null, productId: "9999999999", severity: "CRITICAL", maintObject: "TDM-BUS" });
  });

  it("an SNMPv1 Avaya trap is decoded through the same definitions", async () => {
    const a = { productId: "1000000001", alarmNumber: "15", port: "03A0101", maintObject: "RING-GEN", alarmType: "WARNING" };
    await sendTrap({ port, community: "pbx1secret", version: "v1", oid: `${AVAYA_TRAP}.4`, varbinds: avayaVarbinds(a) });
    const alarm = await within(1000, () => alarmBy("1000000001", "15"));
    expect(alarm).toMatchObject({ severity: "WARNING", maintObject: "RING-GEN" });
    expect(alarm.raw).toMatchObject({ version: "v1", trapName: "alarmWarning" });
    const b = { ...a, alarmNumber: "16", port: "03A0102" };
    const enterprise = "1.3.6.1.4.1.6889.1.8.1";
    await runSnmptrap([
      "-v",
      "1",
      "-c",
      "pbx1secret",
      `127.0.0.1:${port}`,
      enterprise,
      "",
      "6",
      "4",
      "",
      ...snmptrapVarbindArgs(avayaVarbinds(b)),
    ]);
    expect(await within(1000, () => alarmBy("1000000001", "16"))).toMatchObject({ severity: "WARNING", port: "03A0102" });
  });

  it("identical generic traps are one alarm whatever their uptime, and every varbind value is searchable", async () => {
    const varbinds = [
      { oid: "1.3.6.1.4.1.9999.1.1.0", type: snmp.ObjectType.OctetString, value: "fan tray 3 failed" },
      { oid: "1.3.6.1.4.1.9999.1.2.0", type: snmp.ObjectType.Integer, value: 42 },
    ];
    await sendTrap({ port, community: "c", oid: "1.3.6.1.4.1.9999.0.7", varbinds, upTime: 1 });
    await sendTrap({ port, community: "c", oid: "1.3.6.1.4.1.9999.0.7", varbinds, upTime: 99999 });
    const alarm = await within(1000, async () => {
      const x = await t.db.alarm.findFirst({ where: { searchText: { contains: "fan tray 3 failed" } } });
      return x?.count === 2 && x;
    });
    expect(alarm.dedupKey).toMatch(/^T\|/);
    expect(alarm.description).toContain("1.3.6.1.4.1.9999.0.7");
    expect(alarm.searchText).toContain("42");
  });

  it("alarmRestart and connect traps become events on the system", async () => {
    await sendTrap({
      port,
      community: "pbx1secret",
      oid: `${AVAYA_TRAP}.9`,
      varbinds: [
        ...avayaVarbinds({ productId: "1000000001", alarmNumber: "0" }),
        { oid: "1.3.6.1.4.1.6889.2.8.1.38.6.1.6.1", type: snmp.ObjectType.OctetString, value: "reset system 2" },
      ],
    });
    await sendTrap({
      port,
      community: "pbx1secret",
      oid: `${AVAYA_TRAP}.103`,
      varbinds: avayaVarbinds({ productId: "1000000001", alarmNumber: "0" }),
    });
    const events = await within(1000, async () => {
      const e = await t.db.systemEvent.findMany({ where: { productId: "1000000001" }, orderBy: { id: "asc" } });
      return e.length >= 2 && e;
    });
    expect(events.map((e) => e.kind)).toEqual(["alarmRestart", "connectDown"]);
    expect(events[0]?.message).toContain("reset system 2");
    expect(events[0]?.systemId).not.toBeNull();
  });

  it("an SNMPv3 authPriv inform from net-snmp is answered and stored", async () => {
    const a = { productId: "3000000003", alarmNumber: "21", port: "01A0601", maintObject: "MED-GTWY", alarmType: "MAJOR" };
    await sendV3({ port, user: v3User, oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds(a), inform: true });
    const alarm = await within(1000, () => alarmBy("3000000003", "21"));
    expect(alarm.raw).toMatchObject({ version: "v3", pdu: "inform", user: V3_USER.name });
  });

  it("an SNMPv3 trap with the wrong keys is rejected and recorded", async () => {
    const a = { productId: "3000000003", alarmNumber: "22", port: "01A0701", maintObject: "MED-GTWY", alarmType: "MAJOR" };
    const before = await t.db.rejectedIntake.count();
    await sendV3({ port, user: { ...v3User, authKey: "wrongwrong1" }, oid: `${AVAYA_TRAP}.2`, varbinds: avayaVarbinds(a) });
    await within(1000, async () => (await t.db.rejectedIntake.count()) > before);
    expect(await alarmBy("3000000003", "22")).toBeNull();
  });

  it("Debian's snmptrap v2c trap produces a decoded Avaya alarm", async () => {
    const a = {
      productId: "1000000001",
      alarmNumber: "31",
      port: "01B0201",
      maintObject: "DIG-LINE",
      onBoard: "n",
      alarmType: "MINOR",
      altName: "4711",
    } as const;
    await runSnmptrap([
      "-v",
      "2c",
      "-c",
      "pbx1secret",
      `127.0.0.1:${port}`,
      "",
      `${AVAYA_TRAP}.3`,
      ...snmptrapVarbindArgs(avayaVarbinds(a)),
    ]);
    const alarm = await within(1000, () => alarmBy("1000000001", "31"));
    expect(alarm).toMatchObject({ severity: "MINOR", maintObject: "DIG-LINE", port: "01B0201", onBoard: false, altName: "4711" });
  });

  it("Debian's snmptrap v3 authPriv inform is answered and stored", async () => {
    const a = { productId: "3000000003", alarmNumber: "32", port: "02A0101", maintObject: "IPMEDPRO", alarmType: "MAJOR" };
    const { stderr } = await runSnmptrap([
      "-Ci",
      "-v",
      "3",
      "-l",
      "authPriv",
      "-u",
      V3_USER.name,
      "-a",
      "SHA",
      "-A",
      V3_USER.authKey,
      "-x",
      "AES",
      "-X",
      V3_USER.privKey,
      "-r",
      "1",
      "-t",
      "2",
      `127.0.0.1:${port}`,
      "",
      `${AVAYA_TRAP}.2`,
      ...snmptrapVarbindArgs(avayaVarbinds(a)),
    ]);
    expect(stderr).not.toMatch(/timeout/i);
    const alarm = await within(1000, () => alarmBy("3000000003", "32"));
    expect(alarm).toMatchObject({ maintObject: "IPMEDPRO", severity: "MAJOR" });
    expect(alarm.raw).toMatchObject({ version: "v3", pdu: "inform" });
  });
});
