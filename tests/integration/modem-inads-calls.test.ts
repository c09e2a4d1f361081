import { describe, expect, it } from "vitest";
import type { TInadsRecord } from "../../lib/alarms/inads/index.ts";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { until, useModemRig } from "../support/modem-rig.ts";

const RECEIVER = "5550100";
const PRODUCT = "1000000001";
const GUARD = 100;

const act = (pbx: PbxInadsOriginator, seq: number, mo: string, port: string, alarmType = "MAJOR"): TInadsRecord =>
  pbx.record(seq, { type: "ACT", maintObject: mo, port, alarmType, onBoard: "n", alarmedAt: "03/14/09:26" });

describe("INADS alarm calls through a modem port (serialport ↔ PTY ↔ simulated modem ↔ phone network ↔ PBX)", () => {
  const t = useTestDatabase("modem-inads");
  const rig = useModemRig(t, {
    nodeName: "modem-node",
    number: RECEIVER,
    guardMs: GUARD,
    port: { purpose: "BOTH", baudRate: 9600 },
    manager: { reconcileMs: 300, probeIntervalMs: 400, callIdleTimeoutMs: 2500, backoffMinMs: 200, backoffMaxMs: 800 },
    seed: async (db) => {
      const customer = await db.customer.create({ data: { name: "Acme" } });
      await db.system.create({ data: { name: "Acme HQ", productId: PRODUCT, customerId: customer.id, connectionType: "MODEM" } });
    },
  });
  const { network, portRow, idle } = rig;
  let pbxSeq = 0;
  const pbx = (productId = PRODUCT) =>
    new PbxInadsOriginator({ network, number: `555900${pbxSeq++}`, productId, guardMs: GUARD, replyTimeoutMs: 1500 });

  it("opens and initialises the port, then probes it with AT while idle", async () => {
    expect(rig.modem.modem.commands).toEqual(expect.arrayContaining(["ATE0V1Q0X4&C1&D2", "ATQ0V1S0=0"]));
    const before = (await portRow()).lastProbeAt;
    await until("a later probe", async () => ((await portRow()).lastProbeAt?.getTime() ?? 0) > (before?.getTime() ?? 0));
  });

  it("a full call with several ACT records stores every alarm and the port returns to IDLE", async () => {
    const p = pbx();
    const records = [act(p, 1, "DS1-BD", "01A05"), act(p, 2, "ANL-LINE", "01B0203", "MINOR"), act(p, 3, "TDM-BUS", "01A")];
    const result = await p.call(RECEIVER, records);
    expect(result).toMatchObject({ outcome: "completed", acked: [1, 2, 3], gaveUp: [] });
    const alarms = await t.db.alarm.findMany({ where: { source: "INADS" }, orderBy: { id: "asc" } });
    expect(alarms.map((a) => [a.maintObject, a.port, a.severity, a.status])).toEqual([
      ["DS1-BD", "01A05", "MAJOR", "ACTIVE"],
      ["ANL-LINE", "01B0203", "MINOR", "ACTIVE"],
      ["TDM-BUS", "01A", "MAJOR", "ACTIVE"],
    ]);
    expect(alarms.every((a) => a.systemId !== null)).toBe(true);
    await idle();
    p.close();
  });

  it("RES resolves the alarm it names and CLR resolves all of the system's alarms; RST and TST are stored", async () => {
    const p = pbx();
    const r1 = await p.call(RECEIVER, [
      p.record(1, { type: "RES", maintObject: "DS1-BD", port: "01A05", alarmType: "MAJOR" }),
      p.record(2, { type: "RST", alarmType: "2" }),
      p.record(3, { type: "TST" }),
    ]);
    expect(r1.outcome).toBe("completed");
    const ds1 = await t.db.alarm.findFirstOrThrow({ where: { maintObject: "DS1-BD" } });
    expect(ds1.status).toBe("RESOLVED");
    expect(await t.db.alarm.count({ where: { productId: PRODUCT, status: "ACTIVE", source: "INADS" } })).toBe(2);
    expect(await t.db.systemEvent.count({ where: { kind: "RESTART", productId: PRODUCT } })).toBe(1);
    expect(await t.db.alarm.findFirst({ where: { source: "TEST", description: "TESTING INADS LINK" } })).not.toBeNull();
    await idle();
    const r2 = await p.call(RECEIVER, [p.record(1, { type: "CLR" })]);
    expect(r2.outcome).toBe("completed");
    expect(await t.db.alarm.count({ where: { productId: PRODUCT, status: { not: "RESOLVED" } } })).toBe(0);
    await idle();
    p.close();
  });

  it("a bad checksum is NAKed and resent; the record is stored once and the NAK recorded", async () => {
    const p = pbx();
    const result = await p.call(RECEIVER, [act(p, 1, "CO-TRK", "01C0101"), act(p, 2, "CO-TRK", "01C0102")], {
      badChecksum: { seqs: [1], times: 2 },
    });
    expect(result).toMatchObject({ outcome: "completed", acked: [1, 2] });
    expect(await t.db.alarm.count({ where: { maintObject: "CO-TRK", status: "ACTIVE" } })).toBe(2);
    expect((await t.db.alarm.findFirstOrThrow({ where: { port: "01C0101" } })).count).toBe(1);
    expect(await t.db.rejectedIntake.count({ where: { source: "INADS", reason: { contains: "bad checksum" } } })).toBe(2);
    await idle();
    p.close();
  });

  it("a v1 PBX (older firmware) is still received: its frames are decoded, a bad one refused and resent", async () => {
    const p = new PbxInadsOriginator({
      network,
      number: `555900${pbxSeq++}`,
      productId: PRODUCT,
      guardMs: GUARD,
      replyTimeoutMs: 1500,
      version: "I1",
    });
    const result = await p.call(RECEIVER, [act(p, 1, "CO-TRK", "01C0201")], { badChecksum: { seqs: [1] } });
    expect(result).toMatchObject({ outcome: "completed", acked: [1], gaveUp: [] });
    const stored = await t.db.alarm.findFirstOrThrow({ where: { port: "01C0201" } });
    expect(stored.count).toBe(1);
    expect(JSON.stringify(stored.raw)).toContain("I1|01|ACT");
    await idle();
    p.close();
  });

  it("a call that drops mid-report keeps the records received so far, records the drop, and the port recovers", async () => {
    const p = pbx();
    const records = [1, 2, 3, 4].map((s) => act(p, s, "DIG-LINE", `01D010${s}`));
    const result = await p.call(RECEIVER, records, { dropAfterAcked: 2 });
    expect(result.outcome).toBe("dropped");
    await until("drop recorded", async () => (await t.db.rejectedIntake.count({ where: { reason: { contains: "carrier lost" } } })) === 1);
    expect((await t.db.alarm.findMany({ where: { maintObject: "DIG-LINE" } })).map((a) => a.port).sort()).toEqual(["01D0101", "01D0102"]);
    await idle();
    const again = await p.call(RECEIVER, [act(p, 1, "DIG-LINE", "01D0103")]);
    expect(again.outcome).toBe("completed");
    await idle();
    p.close();
  });

  it("line noise and an unknown product ID are recorded; the alarm is still stored without a system", async () => {
    const p = pbx("9999999999");
    const result = await p.call(RECEIVER, [act(p, 1, "POWER", ""), act(p, 2, "SYNC", "")], { noiseBefore: { seqs: [1, 2] } });
    expect(result).toMatchObject({ outcome: "completed", acked: [1, 2] });
    const stray = await t.db.alarm.findMany({ where: { productId: "9999999999" } });
    expect(stray).toHaveLength(2);
    expect(stray.every((a) => a.systemId === null)).toBe(true);
    expect(await t.db.rejectedIntake.count({ where: { reason: { contains: "unknown product ID 9999999999" } } })).toBe(2);
    expect(await t.db.rejectedIntake.count({ where: { reason: "line noise on an INADS call" } })).toBeGreaterThanOrEqual(2);
    await idle();
    p.close();
  });

  it("a modem that stops answering AT goes FAULT with the reason, then recovers by itself", async () => {
    rig.modem.modem.mute = true;
    await until("FAULT", async () => (await portRow()).status === "FAULT");
    expect((await portRow()).lastError).toMatch(/stopped answering/);
    rig.modem.modem.mute = false;
    await idle();
    const p = pbx();
    expect((await p.call(RECEIVER, [act(p, 1, "PKT-INT", "01A1")])).outcome).toBe("completed");
    p.close();
  });

  it("a disabled row closes its port (OFFLINE); re-enabling opens it again; a dial-out job can borrow it", async () => {
    await t.db.modemPort.update({ where: { id: rig.portId }, data: { enabled: false } });
    await until("OFFLINE", async () => (await portRow()).status === "OFFLINE");
    await t.db.modemPort.update({ where: { id: rig.portId }, data: { enabled: true } });
    await idle();
    const handle = await rig.ports.acquireDialOutPort();
    expect(handle).not.toBeNull();
    expect((await portRow()).status).toBe("BUSY");
    expect((await handle?.command("ATI", 2000))?.code).toBe("OK");
    await handle?.release();
    await idle();
  });
});
