import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { AppError } from "../errors/index.ts";

const run = promisify(execFile);

export type TPgTools = { dir: string; version: string; major: number; pgDump: string; pgRestore: string; psql: string };

export type TToolSearch = {
  /** PG_BIN_DIR: when set, the only place looked in (an explicit choice is not second-guessed). */
  binDir?: string;
  /** The PATH to search after the per-version directories (default: this process's PATH, as spawn would). */
  searchPath?: string;
};

/** The server's version, e.g. { major: 15, version: "15.18" }. */
export async function serverVersion(url: string): Promise<{ major: number; version: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const r = await client.query<{ num: string; v: string }>(
      "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS v",
    );
    const num = Number(r.rows[0]?.num ?? 0);
    return { major: Math.floor(num / 10_000), version: (r.rows[0]?.v ?? "").split(" ")[0] ?? "" };
  } finally {
    await client.end().catch(() => {});
  }
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → { major: 15, version: "15.18" }. */
export function parseToolVersion(text: string): { major: number; version: string } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : String(m[1]) };
}

// Debian/Ubuntu keep every installed major side by side; RHEL-style packages use /usr/pgsql-N.
const versionDirs = (major: number) => [`/usr/lib/postgresql/${major}/bin`, `/usr/pgsql-${major}/bin`];

async function toolVersion(file: string): Promise<{ major: number; version: string } | null> {
  try {
    const { stdout } = await run(file, ["--version"], { timeout: 10_000 });
    return parseToolVersion(stdout);
  } catch {
    return null;
  }
}

/**
 * pg_dump, pg_restore and psql of the server's major version. A pg_dump of another major version
 * is refused with the fix in the message: an older one cannot read the server, and a newer one
 * writes archives the server's own pg_restore cannot read back.
 */
export async function findPgTools(serverMajor: number, serverVersionText: string, search: TToolSearch = {}): Promise<TPgTools> {
  const dirs = search.binDir
    ? [search.binDir]
    : [...versionDirs(serverMajor), ...(search.searchPath ?? process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  const seen: string[] = [];
  for (const dir of dirs) {
    const pgDump = path.join(dir, "pg_dump");
    if (!existsSync(pgDump)) continue;
    const v = await toolVersion(pgDump);
    if (!v) continue;
    if (v.major !== serverMajor) {
      seen.push(`${pgDump} is version ${v.version}`);
      continue;
    }
    const pgRestore = path.join(dir, "pg_restore");
    const psql = path.join(dir, "psql");
    for (const tool of [pgRestore, psql]) {
      if (!existsSync(tool))
        throw new AppError("UNAVAILABLE", `${tool} is missing next to ${pgDump}: install the whole PostgreSQL ${serverMajor} client`);
    }
    return { dir, ...v, pgDump, pgRestore, psql };
  }
  const where = search.binDir ? `in PG_BIN_DIR=${search.binDir}` : `in ${versionDirs(serverMajor).join(", ")} or on the PATH`;
  const fix = `install postgresql-client-${serverMajor} (Debian: apt-get install postgresql-client-${serverMajor}) or set PG_BIN_DIR to its bin directory`;
  if (seen.length)
    throw new AppError(
      "UNAVAILABLE",
      `no pg_dump of version ${serverMajor} ${where} to match the server (PostgreSQL ${serverVersionText}); found ${seen.join("; ")}: ${fix}`,
    );
  throw new AppError("UNAVAILABLE", `pg_dump not found ${where}: ${fix}`);
}

/** The tools for the server at `url`, checked against its version. */
export async function pgToolsFor(url: string, search: TToolSearch = {}): Promise<TPgTools> {
  const server = await serverVersion(url);
  return findPgTools(server.major, server.version, search);
}
