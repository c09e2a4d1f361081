import { defaultBackupDir, type TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import { createBackup, restoreBackup, routineSetting } from "../../lib/maintenance/index.ts";

/**
 * `klaxon backup [--dir DIR]`: into DIR, else the directory set on the Maintenance page, else
 * BACKUP_DIR. stdout carries the file's path and nothing else (FILE=$(klaxon backup)).
 */
export async function runBackupCommand(env: TEnv, db: TDb, url: string, { dir }: { dir?: string }): Promise<void> {
  // An older schema (no maintenance settings yet) is backed up too: then only --dir or BACKUP_DIR count.
  const configured = dir ? undefined : await routineSetting(db, "BACKUP").then((r) => r.settings.dir, () => undefined);
  const r = await createBackup({ url, dir: dir ?? configured ?? defaultBackupDir(env), tools: { binDir: env.PG_BIN_DIR } });
  console.error(`backup of PostgreSQL ${r.serverVersion}: ${r.sizeBytes} bytes in ${r.durationMs} ms, sha256 ${r.sha256}`);
  console.log(r.file);
}

/** `klaxon restore FILE [--force]`. */
export async function runRestoreCommand(env: TEnv, url: string, { file, force }: { file: string; force: boolean }): Promise<void> {
  const r = await restoreBackup({ url, file, force, tools: { binDir: env.PG_BIN_DIR } });
  const migrations = r.migrationsApplied.length ? `, then applied ${r.migrationsApplied.join(", ")}` : "";
  const checksum = r.checksum === "verified" ? "checksum verified" : "no checksum file next to it, archive read in full";
  console.log(`restored ${r.file} into ${r.database} (${checksum}): ${r.tables} tables, ${r.rows} rows in ${r.durationMs} ms${migrations}`);
}
