import { afterAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { setNodeRoles } from "../../../lib/cluster/index.ts";
import { encryptSecret, loadSecretKey } from "../../../lib/secrets/index.ts";
import { getTaskRun, requestTask, updateCommandRule } from "../../../lib/tasks/index.ts";
import { PbxSat } from "../../sim/pbx-sat.ts";
import { startSatTelnet, type TSatTelnetServer } from "../../sim/pbx-sat-telnet.ts";
import { PbxSnmpOriginator } from "../../sim/pbx-snmp.ts";
import { freePort, waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";

const SECRET = "tasks-node-test-secret-key-0123456789";
const admin = { type: "USER" as const, id: 1, name: "admin@test" };

describe("server tasks on real node processes", () => {
  const { t, harness } = useClusterTest("tasks_node");
  const pbx = new PbxSat({ productId: "8000000001", users: { craft: "crftpw01" }, timeScale: 0.002 });
  let server: TSatTelnetServer;
  let trapper: PbxSnmpOriginator | undefined;

  // The run once it has a verdict (QUEUED and RUNNING are not one).
  const verdict = (id: number, timeoutMs: number) =>
    waitUntil(
      async () => {
        const r = await getTaskRun(t.db, { id });
        return ["PASSED", "FAILED", "ERROR"].includes(r.status) ? r : null;
      },
      timeoutMs,
      100,
    );

  afterAll(async () => {
    await server?.close();
    pbx.close();
    trapper?.close();
  });

  it("an INADS link test runs on a node allowed to, and passes when the test alarm reaches another node as a trap; rules and Connect now run too", async () => {
    server = await startSatTelnet(pbx);
    const key = loadSecretKey({ secretKey: SECRET, dataDir: "/nonexistent" });
    const system = await t.db.system.create({
      data: {
        name: "node CM",
        productId: "8000000001",
        connectionType: "DIRECT_IP",
        satProtocol: "TELNET",
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(key, "crftpw01"),
        snmpCommunity: "pbxcomm",
      },
    });
    const trapPort = await freePort();
    const h = harness();
    const env = { KLAXON_SECRET_KEY: SECRET, INADS_TEST_WAIT_MIN: "0.5" };
    await h.startReady("sat-node", env);
    const trapNode = await h.startReady("trap-node", { ...env, SNMP_TRAP_PORT: String(trapPort) });
    await trapNode.waitForLog(/SNMP trap listener ready/, 60_000);
    await setNodeRoles(t.db, { name: "trap-node", roles: { taskInadsTest: false, taskPostAlarmCommands: false }, actor: admin });
    trapper = new PbxSnmpOriginator({ host: "127.0.0.1", port: trapPort, community: "pbxcomm", productId: "8000000001", name: "cm" });
    pbx.opts.sendTestAlarm = () => (trapper as PbxSnmpOriginator).testAlarm();

    const { id } = await requestTask(t.db, { input: { systemId: system.id, kind: "INADS_TEST" }, requestedBy: "test" });
    const passed = await verdict(id, 40_000);
    expect(passed, `${passed.reason}`).toMatchObject({
      status: "PASSED",
      nodeName: "sat-node",
      connectionType: "DIRECT_IP",
    });
    expect(passed.result).toMatchObject({ testAlarmVia: "snmp-trap" });
    const testAlarm = await t.db.alarm.findFirstOrThrow({ where: { productId: "8000000001", source: "TEST" } });
    expect(testAlarm.receivedBy).toBe("trap-node");

    // The seeded library rule for analog lines, switched on: a new ANL-LINE alarm is tested and resolved.
    const library = await t.db.commandRule.findFirstOrThrow({ where: { libraryKey: "library:anl-line" } });
    await updateCommandRule(t.db, { id: library.id, patch: { enabled: true, resolveOnPass: true } });
    const { created } = await ingest(
      t.db,
      [{ kind: "raise", alarm: { source: "SNMP", productId: "8000000001", severity: "MINOR", maintObject: "ANL-LINE", port: "01B0203" } }],
      { nodeName: "test" },
    );
    const alarmId = created[0] as number;
    const resolved = await waitUntil(
      async () => {
        const a = await t.db.alarm.findUniqueOrThrow({ where: { id: alarmId }, include: { events: true } });
        return a.status === "RESOLVED" && a.events.some((e) => e.kind === "COMMANDS") ? a : null;
      },
      40_000,
      100,
    );
    expect(resolved.events.find((e) => e.kind === "COMMANDS")?.message).toContain("test port 01B0203 short: PASS");
    const ruleRun = await t.db.taskRun.findFirstOrThrow({ where: { alarmId } });
    expect(ruleRun.nodeName).toBe("sat-node");

    const manual = await requestTask(t.db, {
      input: { systemId: system.id, kind: "MANUAL_COMMAND", commands: ["status station 3001"] },
      requestedBy: "tech",
    });
    const done = await verdict(manual.id, 30_000);
    expect(done.status).toBe("PASSED");
    expect(done.transcript).not.toContain("crftpw01");
  }, 240_000);

  it("SAT_COMMAND_TIMEOUT_S limits a command on a real node: a CM slower than that fails the run with the step and the limit", async () => {
    const system = await t.db.system.findFirstOrThrow({ where: { productId: "8000000001" } });
    const h = harness();
    await h.startReady("slow-limit", { KLAXON_SECRET_KEY: SECRET, SAT_COMMAND_TIMEOUT_S: "1", TASK_MAX_ATTEMPTS: "1" });
    // Every answer 1.5 s late: within the 20 s login steps, past the 1 s command limit.
    pbx.faults.slowMs = 1500;
    try {
      const run = await requestTask(t.db, {
        input: { systemId: system.id, kind: "MANUAL_COMMAND", commands: ["status station 3001"] },
        requestedBy: "tech",
      });
      const done = await verdict(run.id, 60_000);
      expect(done).toMatchObject({ status: "FAILED", nodeName: "slow-limit" });
      expect(done.reason).toMatch(/timeout at step command \(status station 3001\): nothing usable within 1 s/);
    } finally {
      pbx.faults.slowMs = 0;
    }
  }, 120_000);
});
