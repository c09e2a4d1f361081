import { open, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { migrate, seededTables } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { recordedChecksum, sha256File } from "./backup-files.ts";
import { fsReason, spawnTool, toolEnv } from "./child-run.ts";
import { databaseName, libpqEnv } from "./libpq-env.ts";
import { pgToolsFor, type TPgTools, type TToolSearch } from "./pg-tools.ts";
import { liveNodeNames, tableRowCounts } from "./table-counts.ts";

export type TRestoreResult = {
  file: string;
  database: string;
  checksum: "verified" | "absent";
  tables: number;
  rows: number;
  migrationsApplied: string[];
  durationMs: number;
};

// Every schema but PostgreSQL's own goes, so what is left afterwards is exactly the backup.
// public is recreated empty: pg_dump does not write a CREATE SCHEMA for it.
const WIPE = `SET lock_timeout = '30s';
DO $wipe$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $wipe$;
CREATE SCHEMA public;
`;

async function checkArchive(file: string): Promise<void> {
  const info = await stat(file).catch((e) => {
    throw new AppError("INVALID", `cannot read backup file ${file}: ${fsReason(e)}`);
  });
  if (!info.isFile()) throw new AppError("INVALID", `${file} is not a file`);
  const fh = await open(file, "r");
  try {
    const head = Buffer.alloc(5);
    await fh.read(head, 0, 5, 0);
    if (head.toString("latin1") !== "PGDMP")
      throw new AppError("INVALID", `${file} is not a pg_dump custom-format archive (klaxon backup writes those)`);
  } finally {
    await fh.close();
  }
}

/** Reads the whole archive, decompressing every table's data, writing nothing: a damaged file fails here. */
async function readThrough(tools: TPgTools, file: string): Promise<void> {
  const check = spawnTool(tools.pgRestore, ["--file=/dev/null", file], toolEnv({}), "reading the backup");
  check.child.stdin?.end();
  await check.done.catch((e: Error) => {
    throw new AppError("INVALID", `${file} is damaged, nothing was restored: ${e.message}`);
  });
}

/**
 * Restores a `klaxon backup` file into the database at `url`, all or nothing: the archive is
 * checked first (format, checksum, a full read), then wiping the database and loading the backup
 * happen in one transaction (psql --single-transaction), so a failure anywhere leaves the database
 * exactly as it was. Then the migrations newer than the backup are applied.
 */
export async function restoreBackup({
  url,
  file,
  force = false,
  tools: search,
}: {
  url: string;
  file: string;
  force?: boolean;
  tools?: TToolSearch;
}): Promise<TRestoreResult> {
  const started = Date.now();
  await checkArchive(file);
  const expected = await recordedChecksum(file);
  if (expected) {
    const actual = await sha256File(file);
    if (actual !== expected)
      throw new AppError(
        "INVALID",
        `${file} does not match its checksum file (sha256 ${actual}, recorded ${expected}): nothing was restored`,
      );
  }
  const tools = await pgToolsFor(url, search);
  await readThrough(tools, file);

  const live = await liveNodeNames(url);
  if (live.length)
    throw new AppError("CONFLICT", `nodes are running on this database (${live.join(", ")}): stop every node before a restore`);
  const before = await tableRowCounts(url);
  // Rows the migrations themselves insert (the command-rule library, default settings) say nothing
  // about whether someone used this database; a row beyond them (a rule of one's own) does.
  const seeded = seededTables();
  const occupied = [...before.entries()].filter(([t, n]) => n > 0 && t !== "public._prisma_migrations" && n > (seeded.get(t) ?? 0));
  if (occupied.length && !force)
    throw new AppError(
      "CONFLICT",
      `database ${databaseName(url)} is not empty (${occupied.length} tables hold rows, e.g. ${occupied
        .slice(0, 3)
        .map(([t, n]) => `${t}: ${n}`)
        .join(", ")}): restore --force replaces everything in it`,
    );

  const env = toolEnv(libpqEnv(url));
  const load = spawnTool(
    tools.psql,
    ["-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
    env,
    "psql",
  );
  const script = spawnTool(tools.pgRestore, ["--no-owner", "--no-privileges", "--file=-", file], toolEnv({}), "pg_restore");
  script.child.stdin?.end();
  load.child.stdin?.write(WIPE);
  const piped = pipeline(script.child.stdout!, load.child.stdin!);
  const [p, s, l] = await Promise.allSettled([piped, script.done, load.done]);
  const failure = l.status === "rejected" ? l.reason : s.status === "rejected" ? s.reason : p.status === "rejected" ? p.reason : null;
  if (failure)
    throw new AppError("UNAVAILABLE", `restore failed and was rolled back, the database is unchanged: ${(failure as Error).message}`);

  let migrationsApplied: string[];
  try {
    migrationsApplied = await migrate(url);
  } catch (e) {
    throw new AppError(
      "UNAVAILABLE",
      `the backup was restored, but applying the newer migrations failed (run klaxon migrate): ${e instanceof Error ? e.message : e}`,
    );
  }
  const after = await tableRowCounts(url);
  return {
    file,
    database: databaseName(url),
    checksum: expected ? "verified" : "absent",
    tables: after.size,
    rows: [...after.values()].reduce((a, b) => a + b, 0),
    migrationsApplied,
    durationMs: Date.now() - started,
  };
}
