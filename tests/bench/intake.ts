import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import type { TIngestItem } from "../../lib/alarms/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { setLogLevel } from "../../lib/log/index.ts";
import { startIntake } from "../../workers/intake/index.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";
import { BENCH_STAMP_OID } from "./bench-stamp.ts";
import { requireTools } from "../support/require-tools.ts";

const SENDER = path.join(import.meta.dirname, "trap-sender.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.timeOrigin + performance.now();

function udpRcvbufErrors(): number {
  const lines = readFileSync("/proc/net/snmp", "utf8")
    .split("\n")
    .filter((l) => l.startsWith("Udp:"));
  const [head, vals] = lines.map((l) => l.split(/\s+/));
  const i = head?.indexOf("RcvbufErrors") ?? -1;
  return i > 0 ? Number(vals?.[i]) : Number.NaN;
}

async function sendStream(port: number, rate: number, seconds: number, distinct: number, tag: string): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", SENDER, String(port), String(rate), String(seconds), String(distinct), tag], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  await new Promise((r) => child.on("exit", r));
  return (JSON.parse(out.trim()) as { sent: number }).sent;
}

async function settle(read: () => number | Promise<number>, quietMs = 500, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = await read();
  while (Date.now() < deadline) {
    await sleep(quietMs);
    const v = await read();
    if (v === last) return;
    last = v;
  }
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number) : Number.NaN;

/**
 * Sends Avaya-shaped v2c traps at increasing rates to a real intake pipeline (listener, batch
 * writer, Postgres) and to Debian's snmptrapd, the same stream to each in turn, and prints
 * sent / stored / lost and trap-to-commit latency.
 * Args: [seconds per rate] [rates,comma,separated] [spool MB: 256 as a node runs, 0 = no local spool].
 */
export async function run(args: string[]): Promise<void> {
  requireTools(["snmptrapd"], "npm run bench -- intake");
  setLogLevel("warn");
  const seconds = Number(args[0] ?? 3);
  const rates = (args[1] ?? "1000,2500,5000,7500,10000").split(",").map(Number);
  const distinct = 3000;
  const spoolMb = Number(args[2] ?? 256);

  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_intake", server.template);
  const db = createPrisma(database.url, 4);
  const dataDir = mkdtempSync(path.join(tmpdir(), "klaxon-bench-"));

  const latencies: number[] = [];
  const onCommitted = (items: TIngestItem[]) => {
    const at = nowMs();
    for (const it of items) {
      if (it.kind !== "raise") continue;
      const vbs = (it.alarm.raw as { varbinds?: { oid: string; value: string }[] }).varbinds;
      const stamp = vbs?.find((v) => v.oid === BENCH_STAMP_OID)?.value;
      if (stamp) latencies.push(at - Number(stamp));
    }
  };
  const intake = await startIntake({
    env: {
      SNMP_TRAP_PORT: 0,
      SNMP_TRAP_HOST: "127.0.0.1",
      KLAXON_SECRET_KEY: "bench-secret-bench-secret-bench-secret",
      KLAXON_DATA_DIR: dataDir,
      KLAXON_SPOOL_MAX_MB: spoolMb,
      LOG_LEVEL: "warn",
    },
    db,
    nodeName: "bench",
    queue: { onCommitted },
  });
  const klaxonPort = intake.snmpPort as number;

  const trapdLog = path.join(dataDir, "snmptrapd.log");
  const trapdConf = path.join(dataDir, "snmptrapd.conf");
  writeFileSync(trapdConf, "disableAuthorization yes\ndoNotRetainNotificationLogs yes\n");
  writeFileSync(trapdLog, "");
  const trapdPort = 20000 + Math.floor(Math.random() * 20000);
  const trapd = spawn(
    "snmptrapd",
    ["-f", "-n", "-C", "-c", trapdConf, "-M", "/dev/null", "-m", "", "-F", "TRAP\\n", "-Lf", trapdLog, `udp:127.0.0.1:${trapdPort}`],
    {
      stdio: "ignore",
    },
  );
  await sleep(500);
  const trapdCount = () => readFileSync(trapdLog, "utf8").split("TRAP").length - 1;
  const storedCount = async () => {
    const [r] = await db.$queryRawUnsafe<{ n: bigint | null }[]>(`SELECT sum(count) AS n FROM "Alarm"`);
    return Number(r?.n ?? 0);
  };

  const rows: string[] = [];
  const header = "rate/s  sent     stored   lost   loss%  p50ms   p99ms   batches  kernelDrops | snmptrapd rcvd  lost";
  // Other work on the machine skews every figure: say how busy it was.
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(spoolMb > 0 ? `local spool: on (${spoolMb} MB, fsync per batch)` : "local spool: off");
  console.log(header);
  for (const [ri, rate] of rates.entries()) {
    const tag = String(ri + 1).repeat(6);
    latencies.length = 0;
    const stored0 = await storedCount();
    const batches0 = intake.queue.stats().batches;
    const drops0 = udpRcvbufErrors();
    const sent = await sendStream(klaxonPort, rate, seconds, distinct, tag);
    await settle(() => intake.queue.stats().committed + intake.queue.stats().queued + intake.queue.stats().spooled);
    await intake.queue.flush();
    const stored = (await storedCount()) - stored0;
    const kernelDrops = udpRcvbufErrors() - drops0;
    const batches = intake.queue.stats().batches - batches0;
    latencies.sort((a, b) => a - b);

    const t0 = trapdCount();
    const sentTrapd = await sendStream(trapdPort, rate, seconds, distinct, tag);
    await settle(trapdCount);
    const trapdRcvd = trapdCount() - t0;

    const line = [
      String(rate).padEnd(7),
      String(sent).padEnd(8),
      String(stored).padEnd(8),
      String(sent - stored).padEnd(6),
      ((100 * (sent - stored)) / sent).toFixed(2).padEnd(6),
      pct(latencies, 50).toFixed(1).padEnd(7),
      pct(latencies, 99).toFixed(1).padEnd(7),
      String(batches).padEnd(8),
      String(kernelDrops).padEnd(11),
      `| ${String(sentTrapd).padEnd(5)} ${String(trapdRcvd).padEnd(6)} ${sentTrapd - trapdRcvd}`,
    ].join(" ");
    rows.push(line);
    console.log(line);
  }
  console.log(`queue: ${JSON.stringify(intake.queue.stats())}`);
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  trapd.kill("SIGTERM");
  await intake.stop();
  await db.$disconnect();
  await database.drop();
  await server.stop();
}
