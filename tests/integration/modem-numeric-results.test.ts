import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModemPorts, type TModemPorts } from "../../workers/modem/port-manager.ts";
import { modemOnPty, type TPtyModem } from "../sim/modem-on-pty.ts";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { PhoneNetwork } from "../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../sim/pty-pair.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const RECEIVER = "5550100";
const PRODUCT = "1000000201";
const GUARD = 100;

const until = async (what: string, cond: () => Promise<boolean> | boolean, ms = 15_000) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("numeric result codes (ATV0) on a real PTY: verbose forced, a mid-call drop seen at once", () => {
  const t = useTestDatabase("modem-numeric");
  const network = new PhoneNetwork({ ringIntervalMs: 150, connectDelayMs: 30 });
  let pty: TPtyPair;
  let modem: TPtyModem;
  let ports: TModemPorts;
  let portId: number;
  const portRow = () => t.db.modemPort.findUniqueOrThrow({ where: { id: portId } });
  const idle = () => until("port IDLE", async () => (await portRow()).status === "IDLE");

  beforeAll(async () => {
    const node = await t.db.clusterNode.create({ data: { name: "v0-node", host: "localhost", version: "test" } });
    await t.db.system.create({ data: { name: "Numeric", productId: PRODUCT } });
    pty = await openPtyPair();
    // The modem's stored profile is ATV0 (numeric), and so is the admin's init string.
    modem = await modemOnPty(pty.modem, { network, number: RECEIVER, guardMs: GUARD, profile: { verbose: false } });
    portId = (
      await t.db.modemPort.create({ data: { nodeId: node.id, device: pty.dte, purpose: "ANSWER", initString: "ATE0V0Q0X4&C1&D2" } })
    ).id;
    // Probes are rare here so that a modem reset is met by a call first, not by the probe's re-initialisation.
    ports = startModemPorts({
      db: t.db,
      nodeName: "v0-node",
      reconcileMs: 300,
      probeIntervalMs: 10_000,
      guardMs: GUARD,
      callIdleTimeoutMs: 20_000,
    });
    await idle();
  });

  afterAll(async () => {
    await ports?.stop();
    await modem?.close();
    await pty?.stop();
  });

  it("the port forces verbose results after the init string", async () => {
    const cmds = modem.modem.commands;
    expect(cmds.indexOf("ATQ0V1S0=0")).toBeGreaterThan(cmds.indexOf("ATE0V0Q0X4&C1&D2"));
    expect(modem.modem.isVerbose).toBe(true);
  });

  it("a modem that reset itself to ATV0: a drop mid-report is seen from `3` CR at once, records kept, and the port re-initialises it", async () => {
    modem.modem.powerCycle();
    expect(modem.modem.isVerbose).toBe(false);
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
    await until("verbose again", () => modem.modem.isVerbose, 5000);
    const again = await pbx.call(RECEIVER, records.slice(1));
    expect(again).toMatchObject({ outcome: "completed", acked: [2, 3] });
    expect(await t.db.alarm.count({ where: { maintObject: "DIG-LINE" } })).toBe(3);
    await idle();
    pbx.close();
  });
});
