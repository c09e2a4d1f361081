import path from "node:path";
import { createBackup } from "./backup.ts";
import { formatBytes, formatMs } from "./format.ts";
import type { TRoutine } from "./runner.ts";
import { routineSetting } from "./settings.ts";

/** The BACKUP routine: one backup into the configured directory, then retention. */
export const backupRoutine: TRoutine = async (ctx) => {
  const { settings } = await routineSetting(ctx.db, "BACKUP");
  const dir = settings.dir ?? ctx.defaultBackupDir;
  const r = await createBackup({ url: ctx.databaseUrl, dir, keep: settings.keep, tools: { binDir: ctx.pgBinDir }, signal: ctx.signal });
  const pruned = r.pruned.length ? `, removed ${r.pruned.length} older` : "";
  return {
    status: "PASSED",
    detail: `${path.basename(r.file)} in ${path.dirname(r.file)}: ${formatBytes(r.sizeBytes)} in ${formatMs(r.durationMs)} (PostgreSQL ${r.serverVersion}); keeping ${settings.keep}${pruned}`,
    result: {
      file: r.file,
      sizeBytes: r.sizeBytes,
      sha256: r.sha256,
      durationMs: r.durationMs,
      pruned: r.pruned.length,
      serverVersion: r.serverVersion,
    },
  };
};
