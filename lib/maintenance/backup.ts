import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors/index.ts";
import { backupFileName, CHECKSUM_EXT, checksumLine, fileSize, pruneBackups } from "./backup-files.ts";
import { fsReason, spawnTool, toolEnv } from "./child-run.ts";
import { databaseName, libpqEnv } from "./libpq-env.ts";
import { pgToolsFor, type TToolSearch } from "./pg-tools.ts";

export type TBackupResult = {
  file: string;
  sizeBytes: number;
  sha256: string;
  durationMs: number;
  serverVersion: string;
  pruned: string[];
};

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new AppError("INVALID", `cannot use backup directory ${dir}: ${fsReason(e)}`);
  }
}

/**
 * One backup: `pg_dump -Fc` (custom format, compressed, what pg_restore reads) streamed into
 * `<name>.dump.partial` while hashing it, renamed to `<name>.dump` only when pg_dump succeeded and
 * every byte is on disk, then `<name>.dump.sha256`. A failed backup leaves no file behind that
 * could pass for a good one. `keep` prunes older backups of the same database afterwards.
 */
export async function createBackup({
  url,
  dir,
  keep,
  tools: search,
  signal,
}: {
  url: string;
  dir: string;
  keep?: number;
  tools?: TToolSearch;
  signal?: AbortSignal;
}): Promise<TBackupResult> {
  const started = Date.now();
  const absDir = path.resolve(dir);
  await ensureWritableDir(absDir);
  const tools = await pgToolsFor(url, search);
  const file = path.join(absDir, backupFileName(databaseName(url), new Date()));
  const partial = `${file}.partial`;

  const hash = createHash("sha256");
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  const dump = spawnTool(
    tools.pgDump,
    ["--format=custom", "--lock-wait-timeout=60000", "--no-password"],
    toolEnv(libpqEnv(url)),
    "pg_dump",
  );
  const onAbort = () => dump.child.kill("SIGTERM");
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const out = createWriteStream(partial, { mode: 0o600, flush: true });
    const written = pipeline(dump.child.stdout!, hashing, out).catch((e) => {
      dump.child.kill("SIGTERM");
      throw new AppError("INVALID", `cannot write the backup to ${absDir}: ${fsReason(e)}`);
    });
    // The file error is the cause when both fail (pg_dump then dies of a broken pipe).
    const [w, d] = await Promise.allSettled([written, dump.done]);
    if (w.status === "rejected") throw w.reason;
    if (d.status === "rejected") throw signal?.aborted ? new Error("backup stopped: this node is no longer the primary") : d.reason;
    const sha256 = hash.digest("hex");
    await rename(partial, file);
    await writeFile(`${file}${CHECKSUM_EXT}`, checksumLine(sha256, file), { mode: 0o600 }).catch(async (e) => {
      await rm(file, { force: true });
      throw new AppError("INVALID", `cannot write the checksum file in ${absDir}: ${fsReason(e)}`);
    });
    const pruned = keep ? await pruneBackups(absDir, databaseName(url), keep) : [];
    return { file, sizeBytes: await fileSize(file), sha256, durationMs: Date.now() - started, serverVersion: tools.version, pruned };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await rm(partial, { force: true });
  }
}
