import { describe, expect, it } from "vitest";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { until, useModemRig } from "../support/modem-rig.ts";

const RECEIVER = "5550100";
const PRODUCT = "1000000201";
const GUARD = 100;

describe("numeric result codes (ATV0) on a real PTY: verbose forced, a mid-call drop seen at once", () => {
  const t = useTestDatabase("modem-numeric");
  const rig = useModemRig(t, {
    nodeName: "v0-node",
    number: RECEIVER,
    guardMs: GUARD,
    // The modem's stored profile is ATV0 (numeric), and so is the admin's init string.
    modemProfile: { verbose: false },
    port: { purpose: "ANSWER", initString: "ATE0V0Q0X4&C1&D2" },
    // Probes are rare here so that a modem reset is met by a call first, not by the probe's re-initialisation.
    manager: { reconcileMs: 300, probeIntervalMs: 10_000, callIdleTimeoutMs: 20_000 },
    seed: (db) => db.system.create({ data: { name: "Numeric", productId: PRODUCT } }),
  });
  const { network, idle } = rig;

  it("the port forces verbose results after the init string", async () => {
    const cmds = rig.modem.modem.commands;
    expect(cmds.indexOf("ATQ0V1S0=0")).toBeGreaterThan(cmds.indexOf("ATE0V0Q0X4&C1&D2"));
    expect(rig.modem.modem.isVerbose).toBe(true);
  });

  it("a modem that reset itself to ATV0: a drop mid-report is seen from `3` CR at once, records kept, and the port re-initialises it", async () => {
    rig.modem.modem.powerCycle();
    expect(rig.modem.modem.isVerbose).toBe(false);
    const pbx = new PbxInadsOriginator({ network, number: "5559002001", productId: PRODUCT, guardMs: GUARD, replyTimeoutMs: 1500 });
    const records = [1, 2, 3].map((s) => pbx.record(s, { type: "ACT", maintObject: "DIG-LINE", port: `01D020${s}`, alarmType: "MINOR" }));
    const result = await pbx.call(RECEIVER, records, { dropAfterAcked: 1 });
    expect(result.outcome).toBe("dropped");
    const droppedAt = Date.now();
    // The call's idle timeout is 20 s: only NO CARRIER read as `3` can end it this soon.
    await until(
      "drop recorded",
      async () => (await t.db.rejectedIntake.count({ where: { reason: "carrier lost during an alarm call after 1 record(s)" } })) === 1,
      3000,
    );
    console.log(`numeric NO CARRIER: drop recorded ${Date.now() - droppedAt} ms after the line was cut`);
    expect((await t.db.alarm.findMany({ where: { maintObject: "DIG-LINE" } })).map((a) => a.port)).toEqual(["01D0201"]);
    await idle();
    await until("verbose again", () => rig.modem.modem.isVerbose, 5000);
    const again = await pbx.call(RECEIVER, records.slice(1));
    expect(again).toMatchObject({ outcome: "completed", acked: [2, 3] });
    expect(await t.db.alarm.count({ where: { maintObject: "DIG-LINE" } })).toBe(3);
    await idle();
    pbx.close();
  });
});
