import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";

export const BACKUP_EXT = ".dump";
export const CHECKSUM_EXT = ".sha256";

/** `klaxon-<database>-<UTC time>.dump`: sorts by time, so retention is a sort and a slice. */
export function backupFileName(database: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `klaxon-${database.replace(/[^A-Za-z0-9_-]+/g, "_")}-${stamp}${BACKUP_EXT}`;
}

/** The checksum file next to a backup, in `sha256sum` format so `sha256sum -c` checks it too. */
export function checksumLine(sha256: string, file: string): string {
  return `${sha256}  ${path.basename(file)}\n`;
}

/** The sha256 recorded next to `file`, or null when there is no checksum file. */
export async function recordedChecksum(file: string): Promise<string | null> {
  const text = await readFile(`${file}${CHECKSUM_EXT}`, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (text == null) return null;
  const m = /^([0-9a-f]{64})\b/i.exec(text.trim());
  if (!m?.[1]) throw new Error(`${file}${CHECKSUM_EXT} is not a sha256 checksum file`);
  return m[1].toLowerCase();
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Keeps the newest `keep` backups of `database` in `dir` and deletes the rest with their
 * checksum files. Only files this naming scheme made are touched.
 */
export async function pruneBackups(dir: string, database: string, keep: number): Promise<string[]> {
  const prefix = backupFileName(database, new Date(0)).replace(/\d{8}T\d{6}Z\.dump$/, "");
  const names = (await readdir(dir))
    .filter((n) => n.startsWith(prefix) && n.endsWith(BACKUP_EXT) && /\d{8}T\d{6}Z\.dump$/.test(n))
    .sort()
    .reverse();
  const doomed = names.slice(Math.max(0, keep));
  for (const n of doomed) {
    await rm(path.join(dir, n), { force: true });
    await rm(path.join(dir, `${n}${CHECKSUM_EXT}`), { force: true });
  }
  return doomed;
}

export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
