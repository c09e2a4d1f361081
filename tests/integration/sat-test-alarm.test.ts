import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSatSession } from "../../lib/connect/sat/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { PbxSat, testAlarmByInads, testAlarmBySnmp } from "../sim/pbx-sat.ts";
import { startSatTelnet, type TSatTelnetServer } from "../sim/pbx-sat-telnet.ts";
import { PbxSnmpOriginator } from "../sim/pbx-snmp.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { until, useModemRig } from "../support/modem-rig.ts";
import { useSnmpIntake } from "../support/snmp-intake-rig.ts";

const KEY = randomBytes(32);
const RECEIVER = "5550100";
const G3 = "1000000301";
const S8 = "2000000301";
const fast = { login: 4000, command: 4000, lock: 500, logoff: 1500 };

/*
 * The simulated CM's `test inads-link`, end to end on its side: the command answers at once,
 * and (time-scaled) the PBX then places its test alarm the way it reports alarms, by an INADS
 * call to the receiver's modem or by an SNMP trap, into Klaxon's real intake.
 */
describe("test inads-link on the simulated CM places a test alarm by INADS call or SNMP trap", () => {
  const t = useTestDatabase("sat-test-alarm");
  const rig = useModemRig(t, {
    nodeName: "test-alarm-node",
    number: RECEIVER,
    guardMs: 100,
    port: { purpose: "ANSWER", baudRate: 9600 },
    manager: { reconcileMs: 300, probeIntervalMs: 60_000, callIdleTimeoutMs: 2500, backoffMinMs: 200, backoffMaxMs: 800 },
  });
  const snmp = useSnmpIntake(t, {
    secret: "sat-test-alarm-secret-0123456789abcdef",
    dataDirPrefix: "klaxon-sat-test-alarm-",
    nodeName: "test-alarm-node",
    systems: () => [],
  });
  const servers: TSatTelnetServer[] = [];
  const pbxs: PbxSat[] = [];
  const closers: (() => void)[] = [];
  const ids: Record<string, number> = {};

  const addCm = async (productId: string, sendTestAlarm: () => Promise<unknown>) => {
    const pbx = new PbxSat({ productId, users: { inads: "inads-pw1" }, timeScale: 0.002, sendTestAlarm });
    const server = await startSatTelnet(pbx);
    pbxs.push(pbx);
    servers.push(server);
    const s = await t.db.system.create({
      data: {
        name: `CM ${productId}`,
        productId,
        connectionType: "DIRECT_IP",
        satProtocol: "TELNET",
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "inads",
        satPasswordEnc: encryptSecret(KEY, "inads-pw1"),
      },
    });
    ids[productId] = s.id;
  };

  beforeAll(async () => {
    const caller = new PbxInadsOriginator({ network: rig.network, number: "5559301", productId: G3, guardMs: 100, replyTimeoutMs: 1500 });
    closers.push(() => caller.close());
    await addCm(G3, testAlarmByInads(caller, RECEIVER));
    const trap = new PbxSnmpOriginator({ host: "127.0.0.1", port: snmp.port, community: "public", productId: S8, name: "s8" });
    closers.push(() => trap.close());
    await addCm(S8, testAlarmBySnmp(trap));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const p of pbxs) p.close();
    for (const c of closers) c();
  });

  const inadsLinkTest = (productId: string) =>
    withSatSession(t.db, ids[productId] as number, { secretKey: KEY, timeouts: fast }, (sat) => sat.run("test inads-link"));

  it("by INADS call: a TST record arrives over the modem and is stored as a TEST alarm", async () => {
    const r = await inadsLinkTest(G3);
    expect(r.rows[0]?.["0001ff00"]).toBe("Command successfully completed");
    await until("the test alarm", async () => (await t.db.alarm.count({ where: { productId: G3, source: "TEST" } })) === 1, 20_000, 100);
    const alarm = await t.db.alarm.findFirstOrThrow({ where: { productId: G3, source: "TEST" } });
    expect(alarm.description).toBe("TESTING INADS LINK");
    await rig.idle();
  });

  it("by SNMP trap: an alarm of type TEST on the INADS object arrives through the trap listener", async () => {
    const r = await inadsLinkTest(S8);
    expect(r.ok).toBe(true);
    await until("the test trap", async () => (await t.db.alarm.count({ where: { productId: S8, alarmType: "TEST" } })) === 1, 20_000, 100);
  });
});
