/**
 * `npm run demo`: a simulated fleet calling a Klaxon node, until Ctrl-C.
 *
 * What it does, with nothing but Node.js and Debian's `socat` installed:
 *   1. database: DATABASE_URL if set, otherwise the embedded PostgreSQL in ./.data (the same
 *      one `npm start` uses: if that is running, the demo joins it); migrated;
 *   2. demo inventory: customer "Demo Telco", three IP PBXs (SNMP, community "public") and one
 *      legacy G3 that reports by INADS modem call;
 *   3. a socat PTY pair with a simulated Hayes modem on one end (number 555-0100 on the
 *      simulated phone network) and a ModemPort row for the demo node on the other end;
 *   4. a worker process for node DEMO_NODE (default "demo-node"): `workers/node-worker.ts`, the
 *      same code `npm start` supervises: SNMP listener on SNMP_TRAP_PORT (10162 unless set to
 *      something other than 162), modem port answering INADS calls;
 *   5. the fleet: every few seconds an IP PBX sends an alarm or clear trap, and every ~15 s
 *      the G3 dials 555-0100 and reports by INADS (sometimes with line noise or a resolved alarm);
 *      each IP PBX also serves its SAT (SSH or telnet, OSSI) for tasks and Connect now, and its
 *      `test inads-link` sends a test alarm trap;
 *   6. a paging service (tests/sim/paging-terminal.ts: TAP on 555-0200, a numeric pager on
 *      555-0300) reached through a second simulated modem, a dial-out port of the node; a demo
 *      contact with a TAP pager and a policy paging it for MAJOR alarms, so the dispatcher's pages
 *      go out over the modem pool (every 4th call meets a busy line, every 7th a NAK: retries).
 * Watch the alarms in the UI (`npm start` in another terminal, same database) or in psql.
 * Run `npm start` first if you want the UI: the demo then joins its embedded database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { loadEnv, dataDir } from "../../lib/config/index.ts";
import { createPrisma, migrate, startEmbeddedPostgres } from "../../lib/db/index.ts";
import { logger } from "../../lib/log/index.ts";
import { loadSecretKey } from "../../lib/secrets/index.ts";
import { modemOnPty } from "./modem-on-pty.ts";
import { PagingTerminal } from "./paging-terminal.ts";
import { PbxInadsOriginator } from "./pbx-inads.ts";
import { testAlarmBySnmp } from "./pbx-sat.ts";
import { startSatFleet } from "./pbx-sat-fleet.ts";
import { PbxSnmpOriginator, type TSnmpAlarm } from "./pbx-snmp.ts";
import { PhoneNetwork } from "./phone-network.ts";
import { openPtyPair } from "./pty-pair.ts";
import { requireTools } from "../support/require-tools.ts";

const log = logger("demo");
const env = loadEnv();
const NODE = process.argv.find((a) => a.startsWith("--node="))?.slice(7) ?? "demo-node";
const TRAP_PORT = env.SNMP_TRAP_PORT === 162 ? 10162 : env.SNMP_TRAP_PORT;
const RECEIVER = "5550100";
const PAGER_TAP = "5550200";
const PAGER_NUMERIC = "5550300";
const GUARD_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const IP_PBXS = [
  { name: "Demo HQ S8800", productId: "2000000001" },
  { name: "Demo Branch G450", productId: "2000000002" },
  { name: "Demo DR S8300", productId: "2000000003" },
];
const G3 = { name: "Demo Legacy G3", productId: "1000000001", dialNumber: "5559001" };
const MOS: Omit<TSnmpAlarm, "alarmNumber">[] = [
  { maintName: "DS1-BD", port: "01A05", alarmType: "MAJOR", onBoard: true },
  { maintName: "ANL-LINE", port: "01B0203", alarmType: "MINOR" },
  { maintName: "CO-TRK", port: "01C0101", alarmType: "MINOR" },
  { maintName: "MED-GTWY", port: "", alarmType: "MAJOR" },
  { maintName: "IPMEDPRO", port: "01A07", alarmType: "WARNING" },
];

async function main(): Promise<void> {
  requireTools(["socat"], "npm run demo");
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: dataDir(env), port: env.KLAXON_PG_PORT });
  const url = env.DATABASE_URL ?? embedded?.url ?? "";
  await migrate(url);
  const db = createPrisma(url, 4);
  log.info(`database ${url.replace(/:[^:@/]+@/, ":***@")}`);

  const customer = await db.customer.upsert({ where: { name: "Demo Telco" }, create: { name: "Demo Telco" }, update: {} });
  for (const p of IP_PBXS)
    await db.system.upsert({
      where: { productId: p.productId },
      create: {
        ...p,
        customerId: customer.id,
        connectionType: "DIRECT_IP",
        ipAddress: "127.0.0.1",
        snmpVersion: "V2C",
        snmpCommunity: "public",
      },
      update: {},
    });
  await db.system.upsert({
    where: { productId: G3.productId },
    create: { ...G3, customerId: customer.id, connectionType: "MODEM" },
    update: {},
  });

  const network = new PhoneNetwork({ ringIntervalMs: 1500, connectDelayMs: 300 });
  const pty = await openPtyPair();
  const modem = await modemOnPty(pty.modem, { network, number: RECEIVER, guardMs: GUARD_MS });
  log.info(`modem sim on ${pty.modem}, node's port on ${pty.dte}`);
  const pagerPty = await openPtyPair();
  const pagerModem = await modemOnPty(pagerPty.modem, { network, number: "5550101", guardMs: GUARD_MS });
  const paging = new PagingTerminal({
    network,
    number: PAGER_TAP,
    numericNumbers: [PAGER_NUMERIC],
    lines: 2,
    faults: (n) => (n % 4 === 0 ? { busy: true } : n % 7 === 0 ? { nak: 1 } : {}),
  });

  const worker: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve("workers/node-worker.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      NODE_NAME: NODE,
      SNMP_TRAP_PORT: String(TRAP_PORT),
      MODEM_GUARD_MS: String(GUARD_MS),
      MODEM_PROBE_MS: "10000",
    },
    stdio: "inherit",
  });
  let nodeId: number | undefined;
  for (let i = 0; i < 120 && nodeId === undefined; i++) {
    nodeId = (await db.clusterNode.findUnique({ where: { name: NODE } }))?.id;
    if (nodeId === undefined) await sleep(500);
  }
  if (nodeId === undefined) throw new Error(`node ${NODE} did not register`);
  await db.modemPort.deleteMany({ where: { nodeId, device: { startsWith: "/tmp/klaxon-pty-" } } });
  await db.modemPort.create({ data: { nodeId, device: pty.dte, purpose: "ANSWER", baudRate: 9600 } });
  await db.modemPort.create({ data: { nodeId, device: pagerPty.dte, purpose: "DIALOUT", baudRate: 9600 } });
  log.info(`modem port rows for ${NODE} on ${pty.dte} (answers) and ${pagerPty.dte} (pages); SNMP traps to 127.0.0.1:${TRAP_PORT}`);
  await demoPagerPolicy(db);

  const snmpPbxs = IP_PBXS.map((p) => new PbxSnmpOriginator({ host: "127.0.0.1", port: TRAP_PORT, community: "public", ...p }));
  const key = loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
  const sats = await startSatFleet(
    db,
    key,
    IP_PBXS.map((p, i) => ({
      productId: p.productId,
      protocol: i === 0 ? "SSH" : "TELNET",
      sendTestAlarm: testAlarmBySnmp(snmpPbxs[i] as PbxSnmpOriginator),
    })),
  );
  for (const line of sats.lines) log.info(line);
  const g3 = new PbxInadsOriginator({ network, number: G3.dialNumber, productId: G3.productId, guardMs: GUARD_MS, replyTimeoutMs: 4000 });
  const active = new Map<string, number[]>();
  let stopping = false;
  let tick = 0;

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log.info("stopping the fleet");
    await sats.close();
    for (const p of snmpPbxs) p.close();
    g3.close();
    worker.kill("SIGTERM");
    await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once("exit", r)));
    paging.close();
    await modem.close();
    await pty.stop();
    await pagerModem.close();
    await pagerPty.stop();
    await db.$disconnect();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  await sleep(3000);

  while (!stopping) {
    tick += 1;
    const i = tick % snmpPbxs.length;
    const pbx = snmpPbxs[i];
    const info = IP_PBXS[i];
    if (pbx && info) {
      const open = active.get(info.productId) ?? [];
      if (open.length > 2 || (open.length > 0 && Math.random() < 0.3)) {
        const n = open.shift() ?? 0;
        await pbx.clear(n).catch((e) => log.warn("trap failed", { error: e }));
        log.info(`${info.name}: alarmClear #${n}`);
      } else {
        const mo = MOS[Math.floor(Math.random() * MOS.length)] ?? MOS[0];
        const n = 100 + tick;
        if (mo) await pbx.raise({ ...mo, alarmNumber: n }).catch((e) => log.warn("trap failed", { error: e }));
        open.push(n);
        log.info(`${info.name}: ${mo?.alarmType} ${mo?.maintName} #${n}`);
      }
      active.set(info.productId, open);
    }
    if (tick % 5 === 1) {
      const mo = MOS[Math.floor(tick / 5) % MOS.length] ?? MOS[0];
      if (mo) {
        const type = tick % 15 === 11 ? "RES" : "ACT";
        const records = [
          g3.record(1, {
            type,
            maintObject: mo.maintName,
            port: mo.port,
            alarmType: mo.alarmType,
            onBoard: mo.onBoard ? "y" : "n",
            alarmedAt: mmdd(),
          }),
        ];
        if (tick % 20 === 16) records.push(g3.record(2, { type: "TST" }));
        const noisy = tick % 3 === 0;
        log.info(`${G3.name}: INADS call to ${RECEIVER} (${type} ${mo.maintName}${noisy ? ", noisy line" : ""})`);
        const r = await g3.call(RECEIVER, records, noisy ? { noiseBefore: { seqs: [1] } } : {}).catch((e) => ({ outcome: String(e) }));
        log.info(`${G3.name}: call ${r.outcome}`);
      }
    }
    for (const p of paging.pages.splice(0)) log.info(`paging service: page for ${p.pagerId}: ${JSON.stringify(p.message)}`);
    await sleep(4000);
  }
}

/** A TAP pager contact and a policy paging it for MAJOR alarms (once; an admin may change them). */
async function demoPagerPolicy(db: ReturnType<typeof createPrisma>): Promise<void> {
  const name = "Demo on-call pager";
  const contact =
    (await db.contact.findFirst({ where: { name } })) ??
    (await db.contact.create({ data: { name, pagerType: "TAP", pagerNumber: PAGER_TAP, pagerId: "4001" } }));
  if (await db.escalationPolicy.findFirst({ where: { name } })) return;
  await db.escalationPolicy.create({
    data: { name, severities: ["MAJOR"], levels: [{ afterSec: 0, contactIds: [contact.id], channels: ["PAGER"] }] },
  });
  log.info(`contact "${name}" (TAP pager 4001 via ${PAGER_TAP}) is paged for MAJOR alarms`);
}

function mmdd(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
