import { type ChildProcess, spawn } from "node:child_process";

/** What every PostgreSQL client tool runs with: its connection, English messages, no prompt for a password. */
export function toolEnv(connection: Record<string, string>): NodeJS.ProcessEnv {
  // NODE_ENV only because Next.js declares it required on every ProcessEnv.
  return {
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/",
    LC_ALL: "C",
    ...connection,
  };
}

export type TSpawned = { child: ChildProcess; done: Promise<void> };

/**
 * Starts a tool and returns a promise for its end that rejects with its own words: the last lines
 * it wrote on stderr (pg_restore's "could not uncompress data", psql's "ERROR: …").
 */
export function spawnTool(file: string, args: string[], env: NodeJS.ProcessEnv, what: string): TSpawned {
  const child = spawn(file, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-8000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`${what} could not start (${file}): ${e.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const said = stderr
        .trim()
        .split("\n")
        .filter((l) => l.trim())
        .slice(-4)
        .join(" / ");
      reject(new Error(`${what} failed (${signal ? `signal ${signal}` : `exit ${code}`})${said ? `: ${said}` : ""}`));
    });
  });
  return { child, done };
}

/** A file-system error in words a person acts on. */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOSPC":
      return "no space left on the device";
    case "EFBIG":
      return "file too large (the file-size limit or the file system's quota was reached)";
    case "EDQUOT":
      return "the disk quota is exhausted";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "ENOENT":
      return "no such file or directory";
    default:
      return err instanceof Error ? err.message : String(e);
  }
}
