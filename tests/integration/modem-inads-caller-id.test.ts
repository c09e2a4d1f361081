import { describe, expect, it } from "vitest";
import { UNKNOWN_ALARM_CALL_MO } from "../../lib/alarms/inads/index.ts";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { until, useModemRig } from "../support/modem-rig.ts";

const RECEIVER = "5550100";
const GUARD = 100;
const HQ = { productId: "1000000101", calling: "5559001001", dialNumber: "9,1 (555) 900-1001" };

describe("unknown alarm calls: caller ID through a real PTY, matched to System.dialNumber", () => {
  const t = useTestDatabase("modem-caller-id");
  let systemId: number;
  const rig = useModemRig(t, {
    nodeName: "cid-node",
    number: RECEIVER,
    // A slow ring cadence: the port must answer on the caller-ID lines, not wait for ring two.
    network: { ringIntervalMs: 4000, connectDelayMs: 30 },
    guardMs: GUARD,
    port: { purpose: "ANSWER" },
    manager: { reconcileMs: 300, probeIntervalMs: 5000, callIdleTimeoutMs: 2500 },
    seed: async (db) => {
      systemId = (
        await db.system.create({ data: { name: "Caller HQ", productId: HQ.productId, connectionType: "MODEM", dialNumber: HQ.dialNumber } })
      ).id;
      await db.system.create({ data: { name: "Elsewhere", productId: "1000000102", connectionType: "MODEM", dialNumber: "5557770000" } });
    },
  });
  const { network, idle } = rig;
  const pbx = (number: string, productId = HQ.productId) =>
    new PbxInadsOriginator({ network, number, productId, guardMs: GUARD, replyTimeoutMs: 1500 });

  it("a call from a system's number that sends only noise raises a MAJOR unknown-alarm-call alarm on that system and records it", async () => {
    expect(rig.modem.modem.commands).toContain("AT+VCID=1");
    const p = pbx(HQ.calling);
    const t0 = Date.now();
    const result = await p.call(RECEIVER, [], { noiseOnly: "\x7f~#\x13garbage;;\r\n\x02I2|0" });
    // Answered on the caller-ID lines after ring one, long before ring two (4 s).
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(result.outcome).toBe("dropped");
    await until("unknown call alarm", async () => (await t.db.alarm.count({ where: { maintObject: UNKNOWN_ALARM_CALL_MO } })) === 1);
    const alarm = await t.db.alarm.findFirstOrThrow({ where: { maintObject: UNKNOWN_ALARM_CALL_MO } });
    expect(alarm).toMatchObject({ source: "INADS", severity: "MAJOR", status: "ACTIVE", systemId, productId: HQ.productId });
    expect(alarm.description).toMatch(/^Unknown alarm call from 5559001001: .*only unreadable data/);
    // The reject goes through the intake queue: stored a moment after the alarm, not with it.
    const where = { reason: { startsWith: "unknown alarm call from 5559001001" } };
    await until("reject row", async () => (await t.db.rejectedIntake.count({ where })) === 1);
    const row = await t.db.rejectedIntake.findFirstOrThrow({ where });
    expect(row.reason).toContain("Caller HQ");
    expect(row.reason).toContain("carrier lost");
    await idle();

    // The same system calls again with nothing at all: the same alarm counts up; a real report still goes through.
    expect((await p.call(RECEIVER, [])).outcome).toBe("completed");
    await until("count 2", async () => (await t.db.alarm.findFirstOrThrow({ where: { id: alarm.id } })).count === 2);
    await idle();
    const ok = await p.call(RECEIVER, [p.record(1, { type: "ACT", maintObject: "DS1-BD", port: "01A05", alarmType: "MINOR" })]);
    expect(ok).toMatchObject({ outcome: "completed", acked: [1] });
    expect(await t.db.alarm.count({ where: { maintObject: "DS1-BD", systemId } })).toBe(1);
    expect((await t.db.alarm.findFirstOrThrow({ where: { id: alarm.id } })).count).toBe(2);
    await idle();
    p.close();
  });

  it("a call from a number no system has is a RejectedIntake row naming the number, and no alarm", async () => {
    const p = pbx("5558887777", "1000000999");
    expect((await p.call(RECEIVER, [])).outcome).toBe("completed");
    await until("reject row", async () => (await t.db.rejectedIntake.count({ where: { reason: { contains: "5558887777" } } })) === 1);
    const row = await t.db.rejectedIntake.findFirstOrThrow({ where: { reason: { contains: "5558887777" } } });
    expect(row.reason).toMatch(/^unknown alarm call from 5558887777: sent no record, caller ended it; no system has this dial number/);
    expect(row.source).toBe("INADS");
    expect(await t.db.alarm.count({ where: { maintObject: UNKNOWN_ALARM_CALL_MO } })).toBe(1);
    await idle();
    p.close();
  });
});
