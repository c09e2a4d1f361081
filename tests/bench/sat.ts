import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { withSatSession } from "../../lib/connect/sat/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { setLogLevel } from "../../lib/log/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { startModemPorts } from "../../workers/modem/port-manager.ts";
import { modemOnPty } from "../sim/modem-on-pty.ts";
import { PbxSat } from "../sim/pbx-sat.ts";
import { attachSatModem } from "../sim/pbx-sat-modem.ts";
import { startSatSsh } from "../sim/pbx-sat-ssh.ts";
import { startSatTelnet } from "../sim/pbx-sat-telnet.ts";
import { PhoneNetwork } from "../sim/phone-network.ts";
import { openPtyPair } from "../sim/pty-pair.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

const KEY = randomBytes(32);
const PASSWORD = "bench-pw1";
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
const ms = (n: number) => `${n.toFixed(0)} ms`;

type TRow = { via: string; sessions: number; setupP50: number; setupP95: number; commands: number; perSecond: number };

/**
 * `npm run bench -- sat [sessions] [commands]`: the simulated CM over telnet, SSH and a modem
 * data call (PTY + serialport + simulated modems), measured through `withSatSession` as tasks
 * use it: session setup time (p50/p95) and OSSI commands per second in one session.
 */
export async function run(args: string[]): Promise<void> {
  setLogLevel("warn");
  const sessions = Number(args[0] ?? 20);
  const commands = Number(args[1] ?? 300);
  const server = await startTestServer();
  const created = await createTestDatabase(server.adminUrl, "bench_sat", server.template);
  const db = createPrisma(created.url, 4);
  const pbx = new PbxSat({ productId: "1000000555", users: { craft: PASSWORD }, loginPorts: 8 });
  const telnet = await startSatTelnet(pbx);
  const ssh = await startSatSsh(pbx, { auth: "password", shellLogin: "direct" });
  const network = new PhoneNetwork({ ringIntervalMs: 200, connectDelayMs: 50 });
  const modemLine = attachSatModem(pbx, network, "5559555");
  const pty = await openPtyPair();
  const modem = await modemOnPty(pty.modem, { network, number: "5550555", guardMs: 100 });
  const node = await db.clusterNode.create({ data: { name: "bench-sat", host: "localhost", version: "bench" } });
  await db.modemPort.create({ data: { nodeId: node.id, device: pty.dte, purpose: "DIALOUT", baudRate: 115200 } });
  const ports = startModemPorts({ db, nodeName: "bench-sat", guardMs: 100, reconcileMs: 300, probeIntervalMs: 600_000 });
  try {
    const base = { satLogin: "craft", satPasswordEnc: encryptSecret(KEY, PASSWORD) };
    const telnetId = (
      await db.system.create({
        data: { ...base, name: "telnet", productId: "1000000551", satProtocol: "TELNET", ipAddress: "127.0.0.1", ipPort: telnet.port },
      })
    ).id;
    const sshId = (
      await db.system.create({
        data: { ...base, name: "ssh", productId: "1000000552", satProtocol: "SSH", ipAddress: "127.0.0.1", ipPort: ssh.port },
      })
    ).id;
    const modemId = (
      await db.system.create({ data: { ...base, name: "modem", productId: "1000000553", connectionType: "MODEM", dialNumber: "5559555" } })
    ).id;
    for (let i = 0; i < 100 && (await db.modemPort.findFirstOrThrow()).status !== "IDLE"; i++) await new Promise((r) => setTimeout(r, 100));

    const rows: TRow[] = [];
    const one = async (via: string, systemId: number, n: number, cmds: number, modemCall: boolean) => {
      const setups: number[] = [];
      let perSecond = 0;
      for (let i = 0; i < n; i++) {
        const handle = modemCall ? await ports.acquireDialOutPort() : null;
        if (modemCall && !handle) throw new Error("no idle dial-out port");
        const t0 = performance.now();
        try {
          await withSatSession(db, systemId, { secretKey: KEY, ...(handle ? { line: async () => handle } : {}) }, async (sat) => {
            setups.push(performance.now() - t0);
            if (i !== n - 1) return;
            const c0 = performance.now();
            for (let k = 0; k < cmds; k++) await sat.run(k % 2 ? "display alarms" : "list station");
            perSecond = cmds / ((performance.now() - c0) / 1000);
          });
        } finally {
          await handle?.release();
        }
        // The port is back once it answered its post-call AT.
        while (modemCall && (await db.modemPort.findFirstOrThrow()).status !== "IDLE") await new Promise((r) => setTimeout(r, 50));
      }
      setups.sort((a, b) => a - b);
      rows.push({ via, sessions: n, setupP50: pct(setups, 50), setupP95: pct(setups, 95), commands: cmds, perSecond });
    };
    await one("telnet", telnetId, sessions, commands, false);
    await one("ssh", sshId, Math.max(3, Math.round(sessions / 2)), commands, false);
    await one("modem (PTY + simulated modems)", modemId, Math.max(3, Math.round(sessions / 4)), Math.round(commands / 3), true);

    console.log(`\nSAT sessions to the simulated CM (load average ${loadavg()[0]?.toFixed(1)} on this machine)`);
    console.log("| via | sessions | setup p50 | setup p95 | commands in one session | commands/s |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const r of rows)
      console.log(`| ${r.via} | ${r.sessions} | ${ms(r.setupP50)} | ${ms(r.setupP95)} | ${r.commands} | ${r.perSecond.toFixed(0)} |`);
  } finally {
    await ports.stop();
    await modem.close();
    await pty.stop();
    modemLine.close();
    await telnet.close();
    await ssh.close();
    pbx.close();
    await db.$disconnect();
    await created.drop();
    await server.stop();
  }
}
