import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { bootstrapFromEnv } from "../lib/auth/index.ts";
import { nameTakenMessage, newInstanceId, waitForNodeName } from "../lib/cluster/index.ts";
import { loadEnv } from "../lib/config/index.ts";
import { getDb } from "../lib/db/index.ts";
import { logger } from "../lib/log/index.ts";
import { resolveDatabase } from "./database.ts";
import { FATAL_EXIT_CODE, isFatalMessage } from "./fatal.ts";

const log = logger("supervisor");
const MAX_BACKOFF_MS = 30_000;

type TChild = { name: string; args: string[]; proc?: ChildProcess; backoff: number; startedAt: number };

/**
 * `klaxon start`: one cluster node = the Next.js server and the worker process, supervised
 * together: either one that dies is restarted with back-off; SIGTERM stops both. A child that
 * exits with FATAL_EXIT_CODE (name taken, port taken) stops the whole node with that code.
 */
export async function startNode({ dev }: { dev: boolean }): Promise<void> {
  const env = loadEnv();
  const database = await resolveDatabase(env);
  const db = getDb(database.url);
  const created = await bootstrapFromEnv(db, {
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    bootstrapToken: env.KLAXON_BOOTSTRAP_TOKEN,
  });
  if (created.length) log.info(`created ${created.join(" and ")}`);

  // One live process per node name: wait out a holder that just died, refuse a live one.
  const instanceId = newInstanceId();
  const holder = await waitForNodeName(db, {
    name: env.NODE_NAME,
    instanceId,
    staleMs: env.NODE_OFFLINE_MS,
    heartbeatMs: env.HEARTBEAT_MS,
  });
  await db.$disconnect();
  if (holder) {
    log.error(`cannot start: ${nameTakenMessage(env.NODE_NAME, holder)}`);
    await database.stop().catch(() => {});
    process.exit(FATAL_EXIT_CODE);
  }

  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  if (!dev && !existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    log.info("no production build yet: running next build (once)");
    await run(process.execPath, [nextBin, "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  }
  // Next.js would otherwise report usage to Vercel from every node (a server program should not phone home).
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NODE_NAME: env.NODE_NAME,
    KLAXON_INSTANCE_ID: instanceId,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const children: TChild[] = [
    {
      name: "web",
      args: ["--import", "tsx", path.join("workers", "web-server.ts"), ...(dev ? ["--dev"] : [])],
      backoff: 500,
      startedAt: 0,
    },
    { name: "worker", args: ["--import", "tsx", path.join("workers", "node-worker.ts")], backoff: 500, startedAt: 0 },
  ];
  let stopping = false;
  let fatalReason = "";

  const launch = (c: TChild) => {
    c.startedAt = Date.now();
    // The IPC channel is the children's lifeline: it closes when the supervisor dies, even by
    // SIGKILL, and they stop instead of living on as orphans that still heartbeat and hold the lease.
    c.proc = spawn(process.execPath, c.args, { stdio: ["inherit", "inherit", "inherit", "ipc"], env: childEnv });
    c.proc.on("message", (m) => {
      if (isFatalMessage(m)) fatalReason ||= `${c.name}: ${m.reason}`;
    });
    c.proc.on("exit", (code, signal) => {
      if (stopping) return;
      if (code === FATAL_EXIT_CODE) {
        log.error(`cannot run: ${fatalReason || `${c.name} exited with code ${code}`}; stopping the node`);
        return void shutdown(`${c.name} cannot run`, FATAL_EXIT_CODE);
      }
      // A child that ran a minute is healthy again: start its back-off over.
      if (Date.now() - c.startedAt > 60_000) c.backoff = 500;
      log.error(`${c.name} exited (${signal ?? code}); restarting in ${c.backoff} ms`);
      setTimeout(() => !stopping && launch(c), c.backoff);
      c.backoff = Math.min(c.backoff * 2, MAX_BACKOFF_MS);
    });
  };
  children.forEach(launch);
  log.info(`node ${env.NODE_NAME} starting on http://localhost:${env.PORT}`);

  async function shutdown(signal: string, code = 0) {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${signal})`);
    await Promise.all(children.map((c) => stopChild(c)));
    await database.stop().catch(() => {});
    process.exit(code);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

function stopChild({ name, proc }: TChild): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      log.warn(`${name} did not stop within 15 s: killed`);
      proc.kill("SIGKILL");
    }, 15_000);
    proc.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: "inherit", env });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} failed (${code})`))));
  });
}
