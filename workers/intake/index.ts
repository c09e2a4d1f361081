import { Worker } from "node:worker_threads";
import path from "node:path";
import type { TIntakeQueue, TIntakeStats } from "../../lib/alarms/intake-queue.ts";
import { createShardedIntakeQueue, type TShardedIntakeOptions } from "../../lib/alarms/sharded-intake-queue.ts";
import { loadSnmpDirectory, type TSnmpDirectory } from "../../lib/alarms/snmp/index.ts";
import { dataDir, type TEnv } from "../../lib/config/index.ts";
import type { TListenerState } from "../../lib/health/index.ts";
import { listen, type TDb } from "../../lib/db/index.ts";
import { SYSTEMS_CHANNEL } from "../../lib/inventory/changes.ts";
import { logger } from "../../lib/log/index.ts";
import { loadSecretKey } from "../../lib/secrets/index.ts";
import type { TSnmpListenerStats } from "./snmp-listener.ts";
import { directoryToWire, type TFromThread, type TThreadData, type TToThread } from "./snmp-thread.ts";

export type TIntake = {
  queue: TIntakeQueue;
  snmpPort: number;
  stats(): { queue: TIntakeStats; snmp: TSnmpListenerStats };
  /** The trap listener's state for /api/health: ok while its thread runs. */
  snmpState(): TListenerState;
  refresh(): Promise<void>;
  stop(): Promise<void>;
};

export type TStartIntakeOptions = {
  env: Pick<TEnv, "SNMP_TRAP_PORT" | "SNMP_TRAP_HOST" | "KLAXON_SECRET_KEY" | "KLAXON_DATA_DIR"> &
    Partial<Pick<TEnv, "LOG_LEVEL" | "DATABASE_URL" | "KLAXON_SPOOL_MAX_MB">>;
  db: TDb;
  nodeName: string;
  /** How often the systems' communities and v3 users are re-read. */
  refreshMs?: number;
  queue?: Omit<TShardedIntakeOptions, "db" | "nodeName">;
};

/** The trap port could not be bound (taken, privileged, no such address). */
export class TrapPortError extends Error {}

type TSnmpThread = { port: number; alive(): boolean; post(msg: TToThread): void; stats(): TSnmpListenerStats; stop(): Promise<void> };

async function startSnmpThread(data: Omit<TThreadData, "entry">, queue: TIntakeQueue): Promise<TSnmpThread> {
  const entry = new URL("./snmp-thread.ts", import.meta.url).href;
  // Every trap allocates a few short-lived objects: a larger young generation means fewer
  // scavenges on the thread that must never stall while traps arrive.
  const worker = new Worker(new URL("./thread-boot.mjs", import.meta.url), {
    workerData: { ...data, entry } satisfies TThreadData,
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  let stats: TSnmpListenerStats = { packets: 0, accepted: 0, rejected: 0 };
  let stopped: (() => void) | undefined;
  let alive = true;
  const port = await new Promise<number>((resolve, reject) => {
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`SNMP thread exited (${code})`)));
    worker.on("message", (msg: TFromThread) => {
      switch (msg.type) {
        case "ready":
          return resolve(msg.port);
        case "failed":
          return reject(new Error(msg.error));
        case "batch":
          stats = msg.stats;
          for (const item of msg.items) queue.enqueue(item);
          for (const r of msg.rejects)
            queue.reject({ ...r, raw: Buffer.isBuffer(r.raw) || typeof r.raw === "string" ? r.raw : Buffer.from(r.raw) });
          return;
        case "stopped":
          stats = msg.stats;
          return stopped?.();
      }
    });
  }).catch(async (e) => {
    await worker.terminate();
    throw e;
  });
  worker.on("exit", (code) => {
    alive = false;
    if (!stopped) logger(`intake ${data.nodeName}`).error("SNMP listener thread died: traps to this node are lost", { code });
  });
  return {
    port,
    alive: () => alive,
    post: (msg) => worker.postMessage(msg),
    stats: () => stats,
    async stop() {
      // The thread's last message or its exit, whichever comes first; the timer also keeps this
      // process alive while waiting (a pending promise alone does not).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        stopped = () => {
          clearTimeout(timer);
          resolve();
        };
        worker.once("exit", () => stopped?.());
        worker.postMessage({ type: "stop" } satisfies TToThread);
      });
      await worker.terminate();
    },
  };
}

/**
 * Starts the node's alarm intake: the batch writer every listener feeds, and the SNMP trap
 * listener (on its own thread). Other listeners (INADS modem ports) take `queue` from the result.
 */
export async function startIntake({ env, db, nodeName, refreshMs = 10_000, queue: queueOpts }: TStartIntakeOptions): Promise<TIntake> {
  const log = logger(`intake ${nodeName}`);
  const key = loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env as TEnv) });
  // Items waiting for the database survive the process in <data dir>/spool/<node> (0 MB: off).
  const spoolMb = env.KLAXON_SPOOL_MAX_MB ?? 0;
  const spool = spoolMb > 0 ? { dir: path.join(dataDir(env as TEnv), "spool", nodeName), maxBytes: spoolMb * 1024 * 1024 } : undefined;
  const queue = createShardedIntakeQueue({ db, nodeName, log, ...(spool ? { spool } : {}), ...queueOpts });

  let directory: TSnmpDirectory = await loadSnmpDirectory(db, key);
  // A node that cannot receive traps must say so and stop, not run on looking healthy: the
  // caller exits (a taken or privileged port does not fix itself by restarting).
  const snmp = await startSnmpThread(
    {
      port: env.SNMP_TRAP_PORT,
      host: env.SNMP_TRAP_HOST,
      nodeName,
      logLevel: env.LOG_LEVEL ?? "info",
      directory: directoryToWire(directory),
    },
    queue,
  ).catch(async (e) => {
    await queue.stop(0);
    throw new TrapPortError(
      `cannot listen for SNMP traps on ${env.SNMP_TRAP_HOST}:${env.SNMP_TRAP_PORT}: ${e instanceof Error ? e.message : e}`,
    );
  });
  let lastProblems = "";
  const refresh = async () => {
    directory = await loadSnmpDirectory(db, key);
    snmp.post({ type: "directory", directory: directoryToWire(directory) });
    const problems = directory.problems.join("; ");
    if (problems && problems !== lastProblems) log.warn("SNMP settings problems", { problems: directory.problems });
    lastProblems = problems;
  };
  await refresh();
  const refreshLogged = () => refresh().catch((e) => log.warn("could not refresh SNMP settings", { error: e }));
  // Reload at once when an admin changes a system (a new SNMPv3 user works on the next trap);
  // the timer covers a missed notification.
  const changes = env.DATABASE_URL
    ? listen(
        env.DATABASE_URL,
        SYSTEMS_CHANNEL,
        () => void refreshLogged(),
        () => void refreshLogged(),
      )
    : null;
  await Promise.race([changes?.ready, new Promise((r) => setTimeout(r, 5000).unref())]);
  const timer = setInterval(() => void refreshLogged(), refreshMs);
  timer.unref();

  return {
    queue,
    snmpPort: snmp.port,
    stats: () => ({ queue: queue.stats(), snmp: snmp.stats() }),
    snmpState: () => (snmp.alive() ? "ok" : "failed"),
    refresh,
    async stop() {
      clearInterval(timer);
      await changes?.stop();
      await snmp.stop();
      await queue.stop();
      log.info("intake stopped", { ...queue.stats(), ...snmp.stats() });
    },
  };
}
