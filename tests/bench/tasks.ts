import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import { createPrisma, type TDb } from "../../lib/db/index.ts";
import { encryptSecret, loadSecretKey } from "../../lib/secrets/index.ts";
import { requestTask } from "../../lib/tasks/index.ts";
import { modemOnPty, type TPtyModem } from "../sim/modem-on-pty.ts";
import { PbxSat } from "../sim/pbx-sat.ts";
import { attachSatModem } from "../sim/pbx-sat-modem.ts";
import { startSatSsh, type TSatSshServer } from "../sim/pbx-sat-ssh.ts";
import { PbxSnmpOriginator } from "../sim/pbx-snmp.ts";
import { PhoneNetwork } from "../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../sim/pty-pair.ts";
import { ClusterHarness, FAST_ENV, freePort, waitUntil } from "../support/cluster-harness.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

const SECRET = "bench-tasks-secret-key-0123456789abcdef";
const PASSWORD = "crftpw01";
const COMMUNITY = "bench-tasks";
const DONE = ["PASSED", "FAILED", "ERROR"] as const;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type TRunRow = { status: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null };

/** Queue wait (created → first start) and how the runs ended. */
function summarise(runs: TRunRow[]) {
  const waits = runs.map((r) => (r.startedAt?.getTime() ?? Number.NaN) - r.createdAt.getTime()).sort((a, b) => a - b);
  const by = (st: string) => runs.filter((r) => r.status === st).length;
  return { waits, passed: by("PASSED"), failed: by("FAILED"), error: by("ERROR") };
}

async function settle(db: TDb, ids: number[], timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => (await db.taskRun.count({ where: { id: { in: ids }, status: { notIn: [...DONE] } } })) === 0 || null,
    timeoutMs,
    500,
  );
}

/**
 * `npm run bench -- tasks [modems] [nodes] [inadsTests] [reports] [sshSystems] [sshReports]`
 * (issue 8 asks for 24 3 500 500 50 200; the defaults, 8 2 40 40 10 40, fit a small shared box).
 *
 * Part 1, modems: `nodes` real node processes share `modems` dial-out ports (PTYs with simulated
 * Hayes modems on the far ends, real serialport, +++ guard 50 ms) and reach simulated G3s by data
 * calls (one per INADS test: `test inads-link` makes each CM send its test alarm as a trap to the
 * first node 120 ms later). `inadsTests` INADS link tests and `reports` configuration reports
 * (the 4 default commands) are queued through requestTask (task.run), 8 at a time. Measured:
 * throughput, modem-port utilisation sampled every 250 ms while runs still wait in the queue,
 * queue wait (created → started) p50/p95.
 *
 * Part 2, SSH: `sshReports` configuration reports over SSH (ssh2 server per simulated CM) to
 * `sshSystems` systems, queued at once: throughput and queue wait.
 */
/** Queues the runs through requestTask (what task.run calls), several at once as many clients would: queueing is not what is measured. */
async function queueAll(db: TDb, inputs: { systemId: number; kind: "INADS_TEST" | "CONFIG_REPORT" }[]): Promise<number[]> {
  const ids: number[] = new Array(inputs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < inputs.length; i = next++)
        ids[i] = (await requestTask(db, { input: inputs[i] as (typeof inputs)[number], requestedBy: "bench" })).id;
    }),
  );
  return ids;
}

export async function run(args: string[]): Promise<void> {
  if (spawnSync("socat", ["-V"]).error) {
    console.error("the tasks benchmark needs socat for its pseudo-terminals: apt-get install socat");
    process.exit(2);
  }
  const [modems = 8, nodes = 2, inadsTests = 40, reports = 40, sshSystems = 10, sshReports = 40] = args.map(Number);
  const systems = Math.max(inadsTests, 1);
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_tasks", server.template);
  const db = createPrisma(database.url, 10);
  await ensureClusterSql(db);
  const key = loadSecretKey({ secretKey: SECRET, dataDir: "/nonexistent" });
  const network = new PhoneNetwork({ ringIntervalMs: 200, connectDelayMs: 300 });
  const ptys: TPtyPair[] = [];
  const lines: TPtyModem[] = [];
  const pbxs: PbxSat[] = [];
  const sshServers: TSatSshServer[] = [];
  const trapPort = await freePort();
  const trappers: PbxSnmpOriginator[] = [];
  const h = new ClusterHarness(database.url, { ...FAST_ENV, LOG_LEVEL: "info" });
  const env = { KLAXON_SECRET_KEY: SECRET, INADS_TEST_WAIT_MIN: "2", TASK_RETRY_DELAY_S: "2" };
  try {
    // The CMs: one per INADS test (a CM runs one test at a time), each with its own data line.
    const satBase = { satLogin: "craft", satPasswordEnc: encryptSecret(key, PASSWORD), snmpCommunity: COMMUNITY };
    const modemSystemIds: number[] = [];
    for (let i = 0; i < systems; i++) {
      const productId = `40${String(i).padStart(8, "0")}`;
      const testAlarm = new PbxSnmpOriginator({ host: "127.0.0.1", port: trapPort, community: COMMUNITY, productId, name: `G3 ${i}` });
      trappers.push(testAlarm);
      const pbx = new PbxSat({ productId, users: { craft: PASSWORD }, timeScale: 0.001, sendTestAlarm: () => testAlarm.testAlarm() });
      pbxs.push(pbx);
      const number = `5557${String(i).padStart(3, "0")}`;
      attachSatModem(pbx, network, number);
      const sys = await db.system.create({ data: { ...satBase, name: `G3 ${i}`, productId, connectionType: "MODEM", dialNumber: number } });
      modemSystemIds.push(sys.id);
    }
    const sshSystemIds: number[] = [];
    for (let i = 0; i < sshSystems; i++) {
      const productId = `41${String(i).padStart(8, "0")}`;
      const pbx = new PbxSat({ productId, users: { craft: PASSWORD }, loginPorts: 2 });
      pbxs.push(pbx);
      const ssh = await startSatSsh(pbx, { auth: "password", shellLogin: "direct" });
      sshServers.push(ssh);
      const sys = await db.system.create({
        data: {
          ...satBase,
          name: `S8 ${i}`,
          productId,
          connectionType: "DIRECT_IP",
          satProtocol: "SSH",
          ipAddress: "127.0.0.1",
          ipPort: ssh.port,
        },
      });
      sshSystemIds.push(sys.id);
    }
    for (let i = 0; i < modems; i++) {
      const pty = await openPtyPair();
      ptys.push(pty);
      lines.push(await modemOnPty(pty.modem, { network, number: `55509${String(i).padStart(2, "0")}`, guardMs: 50 }));
    }
    const started0 = Date.now();
    for (let n = 0; n < nodes; n++)
      await h.startReady(`bench-tasks-${n + 1}`, { ...env, ...(n === 0 ? { SNMP_TRAP_PORT: String(trapPort) } : {}) });
    await h.get("bench-tasks-1").waitForLog(/SNMP trap listener ready/, 60_000);
    const nodeRows = await db.clusterNode.findMany({ where: { name: { startsWith: "bench-tasks-" } }, orderBy: { name: "asc" } });
    await db.modemPort.createMany({
      data: ptys.map((p, i) => ({
        nodeId: (nodeRows[i % nodeRows.length] as { id: number }).id,
        device: p.dte,
        purpose: "DIALOUT" as const,
      })),
    });
    await waitUntil(async () => (await db.modemPort.count({ where: { status: "IDLE" } })) === modems || null, 90_000, 300);
    console.log(`\ntasks: ${nodes} node processes started, ${modems} modem ports idle after ${s(Date.now() - started0)}`);

    // Part 1: INADS link tests and configuration reports by modem, all queued at once.
    let samples = 0;
    let busySum = 0;
    let busyMin = 1;
    let peakCalls = 0;
    let warm = false;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [waiting, busy] = await Promise.all([
          db.taskRun.count({ where: { connectionType: "MODEM", status: "QUEUED", waitUntil: null } }),
          db.modemPort.count({ where: { status: "BUSY" } }),
        ]);
        peakCalls = Math.max(peakCalls, network.activeCalls);
        // Counted from the first call on: before it the nodes have not polled the new jobs yet (JOB_POLL_MS).
        if (busy > 0) warm = true;
        if (waiting > 0 && warm) {
          samples++;
          busySum += busy / modems;
          busyMin = Math.min(busyMin, busy / modems);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const t1 = Date.now();
    const modemIds = await queueAll(db, [
      ...Array.from({ length: inadsTests }, (_, i) => ({ systemId: modemSystemIds[i] as number, kind: "INADS_TEST" as const })),
      ...Array.from({ length: reports }, (_, i) => ({ systemId: modemSystemIds[i % systems] as number, kind: "CONFIG_REPORT" as const })),
    ]);
    const queuedIn = Date.now() - t1;
    // Every SAT part is over when no run waits in the queue or holds a port (INADS verdicts may still wait for the alarm).
    await waitUntil(
      async () =>
        (await db.taskRun.count({
          where: { id: { in: modemIds }, OR: [{ status: "QUEUED" }, { status: "RUNNING", kind: "CONFIG_REPORT" }] },
        })) === 0 && (await db.modemPort.count({ where: { status: "BUSY" } })) === 0
          ? true
          : null,
      (inadsTests + reports) * 30_000,
      500,
    );
    const satDone = Date.now() - t1;
    sampling = false;
    await sampler;
    await settle(db, modemIds, 180_000);
    const allDone = Date.now() - t1;
    const modemRuns = await db.taskRun.findMany({
      where: { id: { in: modemIds } },
      select: { kind: true, status: true, createdAt: true, startedAt: true, finishedAt: true },
    });
    const m = summarise(modemRuns);
    const inads = summarise(modemRuns.filter((r) => r.kind === "INADS_TEST"));
    const rep = summarise(modemRuns.filter((r) => r.kind === "CONFIG_REPORT"));
    const perNode = await db.taskRun.groupBy({ by: ["nodeName"], where: { id: { in: modemIds } }, _count: { _all: true } });
    console.log(
      `\nmodem part: ${inadsTests} INADS link tests + ${reports} configuration reports to ${systems} simulated G3s, ${modems} modems over ${nodes} nodes (queued in ${s(queuedIn)})`,
    );
    console.log(
      `  SAT work done in ${s(satDone)}: ${(((inadsTests + reports) / satDone) * 60_000).toFixed(1)} tasks/min; every verdict in ${s(allDone)}`,
    );
    console.log(
      `  INADS tests: ${inads.passed} passed, ${inads.failed} failed, ${inads.error} error; reports: ${rep.passed} passed, ${rep.failed} failed, ${rep.error} error`,
    );
    console.log(
      `  modem ports busy while work waited: mean ${((busySum / Math.max(1, samples)) * 100).toFixed(0)}%, min ${(busyMin * 100).toFixed(0)}% (${samples} samples 250 ms apart, from the first call until the queue was empty)`,
    );
    console.log(`  queue wait (created → started): p50 ${s(pct(m.waits, 50))}, p95 ${s(pct(m.waits, 95))}, max ${s(pct(m.waits, 100))}`);
    console.log(
      `  runs per node: ${perNode.map((p) => `${p.nodeName} ${p._count._all}`).join(", ")}; data calls at once: up to ${peakCalls}`,
    );

    // Part 2: configuration reports over SSH.
    const t2 = Date.now();
    const sshIds = await queueAll(
      db,
      Array.from({ length: sshReports }, (_, i) => ({ systemId: sshSystemIds[i % sshSystems] as number, kind: "CONFIG_REPORT" as const })),
    );
    await settle(db, sshIds, sshReports * 30_000);
    const sshDone = Date.now() - t2;
    const sshRuns = await db.taskRun.findMany({
      where: { id: { in: sshIds } },
      select: { status: true, createdAt: true, startedAt: true, finishedAt: true },
    });
    const sr = summarise(sshRuns);
    const durations = sshRuns
      .map((r) => (r.finishedAt?.getTime() ?? Number.NaN) - (r.startedAt?.getTime() ?? Number.NaN))
      .sort((a, b) => a - b);
    console.log(`\nSSH part: ${sshReports} configuration reports to ${sshSystems} simulated CMs over SSH, ${nodes} nodes`);
    console.log(
      `  all done in ${s(sshDone)}: ${((sshReports / sshDone) * 60_000).toFixed(1)} reports/min; ${sr.passed} passed, ${sr.failed} failed, ${sr.error} error`,
    );
    console.log(
      `  queue wait p50 ${s(pct(sr.waits, 50))}, p95 ${s(pct(sr.waits, 95))}; one report (start → end) p50 ${s(pct(durations, 50))}, p95 ${s(pct(durations, 95))}`,
    );
    console.log(`\nload average at the end: ${loadavg()[0]?.toFixed(1)} (2 cores shared with other work)`);
  } finally {
    await h.stopAll();
    for (const t of trappers) t.close();
    for (const p of pbxs) p.close();
    await Promise.all(sshServers.map((x) => x.close()));
    await Promise.all(lines.map((l) => l.close()));
    await Promise.all(ptys.map((p) => p.stop()));
    await db.$disconnect();
    await database.drop();
    await server.stop();
  }
}
