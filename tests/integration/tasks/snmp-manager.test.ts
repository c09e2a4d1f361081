import snmp from "net-snmp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { acquireOrRenewLease, ensureClusterSql, registerNode } from "../../../lib/cluster/index.ts";
import { encryptSecret } from "../../../lib/secrets/index.ts";
import { pollSystem, systemsDueForPoll, type TPolledSystem } from "../../../lib/snmp-manager/index.ts";
import { PbxSnmpAgent } from "../../sim/pbx-snmp-agent.ts";
import { ClusterHarness, waitUntil } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const KEY = Buffer.alloc(32, 3);
const V3 = { name: "pollv3", authKey: "authpass-poll", privKey: "privpass-poll" };

describe("SNMP manager: polling the alarm table of a simulated PBX over real UDP", () => {
  const t = useTestDatabase("snmp_manager");
  let v2: PbxSnmpAgent;
  let v3: PbxSnmpAgent;
  let epoch: number;

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    await registerNode(t.db, { name: "mgr", version: "test" });
    epoch = (await acquireOrRenewLease(t.db, { nodeName: "mgr", ttlMs: 600_000 })).epoch as number;
    v2 = await PbxSnmpAgent.start({ productId: "4000000001", community: "pollsecret" });
    v3 = await PbxSnmpAgent.start({
      productId: "4000000003",
      user: {
        name: V3.name,
        level: snmp.SecurityLevel.authPriv,
        authProtocol: snmp.AuthProtocols.sha,
        authKey: V3.authKey,
        privProtocol: snmp.PrivProtocols.aes,
        privKey: V3.privKey,
      },
    });
    await t.db.system.createMany({
      data: [
        { name: "poll-v2", productId: "4000000001", ipAddress: "127.0.0.1", snmpAgentPort: v2.port, snmpCommunity: "pollsecret" },
        {
          name: "poll-v3",
          productId: "4000000003",
          ipAddress: "127.0.0.1",
          snmpAgentPort: v3.port,
          snmpVersion: "V3",
          snmpV3User: V3.name,
          snmpV3AuthProtocol: "SHA",
          snmpV3AuthKeyEnc: encryptSecret(KEY, V3.authKey),
          snmpV3PrivProtocol: "AES",
          snmpV3PrivKeyEnc: encryptSecret(KEY, V3.privKey),
        },
        { name: "no-snmp", productId: "4000000009", ipAddress: "127.0.0.1" },
      ],
    });
  });
  afterAll(async () => {
    await v2?.close();
    await v3?.close();
  });

  const system = async (productId: string) => {
    const due = await systemsDueForPoll(t.db, { pollMs: 0, limit: 50 });
    return due.find((s) => s.productId === productId) as TPolledSystem;
  };
  const ctx = () => ({ nodeName: "mgr", epoch, secretKey: KEY, timeoutMs: 1000, retries: 0 });
  // Trapped a minute ago: older than the poll, so its absence from the table means something.
  const trapped = (productId: string, alarmNumber: string, maintObject: string, port: string) =>
    ingest(
      t.db,
      [
        {
          kind: "raise",
          alarm: {
            source: "SNMP",
            productId,
            severity: "MAJOR",
            alarmNumber,
            maintObject,
            port,
            alarmType: "MAJOR",
            occurredAt: new Date(Date.now() - 60_000),
          },
        },
      ],
      { nodeName: "trap-node" },
    );

  it("only systems with an address and SNMP credentials are polled", async () => {
    const due = await systemsDueForPoll(t.db, { pollMs: 0, limit: 50 });
    expect(due.map((s) => s.name).sort()).toEqual(["poll-v2", "poll-v3"]);
  });

  it("an alarm in the table that no trap reported is raised, an open alarm gone from the table is resolved, each with the note", async () => {
    v2.add({ alarmNumber: 5, maintName: "DS1-BD", port: "01A05", alarmType: "MAJOR", onBoard: true });
    v2.add({ alarmNumber: 6, maintName: "ANL-LINE", port: "01B0203", alarmType: "MINOR", altName: "4711" });
    await trapped("4000000001", "5", "DS1-BD", "01A05"); // trapped and still in the table
    await trapped("4000000001", "8", "POWER", ""); // trapped, then cleared on the PBX; the clear trap was lost

    const r = await pollSystem(t.db, await system("4000000001"), ctx());
    expect(r).toMatchObject({ ok: true, rows: 2 });
    if (!r.ok) return;
    expect(r.raised).toHaveLength(1);
    expect(r.resolved).toHaveLength(1);

    const found = await t.db.alarm.findUniqueOrThrow({ where: { id: r.raised[0] }, include: { events: true } });
    expect(found).toMatchObject({
      source: "SNMP",
      status: "ACTIVE",
      maintObject: "ANL-LINE",
      port: "01B0203",
      altName: "4711",
      severity: "MINOR",
      alarmNumber: "6",
    });
    expect(found.events.map((e) => e.message)).toContain("Not reported by trap: found by polling: a trap was lost");

    const gone = await t.db.alarm.findUniqueOrThrow({ where: { id: r.resolved[0] }, include: { events: true } });
    expect(gone).toMatchObject({ maintObject: "POWER", status: "RESOLVED", resolvedBy: "snmp-manager" });
    expect(gone.events.find((e) => e.kind === "RESOLVED")?.message).toBe(
      "Resolved: gone from the system's alarm table (found by polling: a trap was lost)",
    );
    const kept = await t.db.alarm.findFirstOrThrow({ where: { productId: "4000000001", alarmNumber: "5" } });
    expect(kept.status).toBe("ACTIVE");

    // A second poll finds the two in agreement: nothing more happens.
    expect(await pollSystem(t.db, await system("4000000001"), ctx())).toMatchObject({ ok: true, raised: [], resolved: [] });
    const state = await t.db.snmpPollState.findUniqueOrThrow({ where: { systemId: (await system("4000000001")).id } });
    expect(state).toMatchObject({ ok: true, rows: 2, nodeName: "mgr", epoch });
  });

  it("polls a v3 system with its authPriv user (SHA/AES keys decrypted from the inventory)", async () => {
    v3.add({ alarmNumber: 12, maintName: "CO-TRK", port: "01C0301", alarmType: "MINOR" });
    const r = await pollSystem(t.db, await system("4000000003"), ctx());
    expect(r).toMatchObject({ ok: true, rows: 1 });
    expect(await t.db.alarm.count({ where: { productId: "4000000003", maintObject: "CO-TRK", status: "ACTIVE" } })).toBe(1);
  });

  it("a wrong community or a silent agent is a failed poll with the reason; no alarm is touched", async () => {
    const s = await system("4000000001");
    const before = await t.db.alarm.count({ where: { status: "RESOLVED" } });
    const wrong = await pollSystem(t.db, { ...s, snmpCommunity: "guess" }, ctx());
    expect(wrong.ok).toBe(false);
    const silent = await pollSystem(t.db, { ...s, snmpAgentPort: 9 }, ctx());
    expect(silent).toMatchObject({ ok: false });
    expect(silent.ok ? "" : silent.error).toMatch(/timed out/i);
    expect(await t.db.alarm.count({ where: { status: "RESOLVED" } })).toBe(before);
    const state = await t.db.snmpPollState.findUniqueOrThrow({ where: { systemId: s.id } });
    expect(state.ok).toBe(false);
    expect(state.error).toMatch(/timed out/i);
  });

  it("a poll made with a stale epoch is refused by the fence and writes nothing", async () => {
    v2.add({ alarmNumber: 31, maintName: "DIG-LINE", port: "01A0901", alarmType: "MINOR" });
    await expect(pollSystem(t.db, await system("4000000001"), { ...ctx(), epoch: epoch - 1 })).rejects.toThrow(/fenced/);
    expect(await t.db.alarm.count({ where: { productId: "4000000001", alarmNumber: "31" } })).toBe(0);
    v2.remove(31);
  });
});

describe("SNMP manager on a real node process", () => {
  const t = useTestDatabase("snmp_manager_node");
  let agent: PbxSnmpAgent;
  const h = () => harness;
  let harness: ClusterHarness;

  afterAll(async () => {
    await harness?.stopAll();
    await agent?.close();
  });

  it("the primary polls on its schedule: a lost trap shows up as an alarm, a lost clear resolves it", async () => {
    await ensureClusterSql(t.db);
    agent = await PbxSnmpAgent.start({ productId: "4000000100", community: "nodepoll" });
    await t.db.system.create({
      data: { name: "node-poll", productId: "4000000100", ipAddress: "127.0.0.1", snmpAgentPort: agent.port, snmpCommunity: "nodepoll" },
    });
    harness = new ClusterHarness(t.url);
    await h().startReady("poller", { SNMP_POLL_MS: "300" });
    agent.add({ alarmNumber: 41, maintName: "TDM-BUS", port: "01A", alarmType: "MAJOR" });
    const alarm = await waitUntil(() => t.db.alarm.findFirst({ where: { productId: "4000000100", alarmNumber: "41" } }), 20_000, 100).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${h().get("poller").output().slice(-3000)}`);
      },
    );
    expect(alarm.status).toBe("ACTIVE");
    agent.remove(41);
    await waitUntil(
      async () => (await t.db.alarm.findUniqueOrThrow({ where: { id: alarm.id } })).status === "RESOLVED" || null,
      20_000,
      100,
    );
    const state = await t.db.snmpPollState.findFirstOrThrow({ where: { system: { productId: "4000000100" } } });
    expect(state.nodeName).toBe("poller");
  });
});
