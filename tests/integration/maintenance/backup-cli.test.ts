import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableRowCounts } from "../../../lib/maintenance/index.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const run = promisify(execFile);
type TOut = { code: number; stdout: string; stderr: string };

/** `klaxon …` as the README says to run it; `ulimitBlocks` caps the size of any file it writes (a full disk). */
async function klaxon(args: string[], env: Record<string, string>, ulimitBlocks?: number): Promise<TOut> {
  const [file, argv] = ulimitBlocks
    ? ["sh", ["-c", `ulimit -f ${ulimitBlocks}; exec "$0" "$@"`, process.execPath, "workers/klaxon.mjs", ...args]]
    : [process.execPath, ["workers/klaxon.mjs", ...args]];
  return run(file as string, argv as string[], { env: { ...process.env, ...env }, timeout: 120_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

describe("klaxon backup / klaxon restore", () => {
  const src = useTestDatabase("backup-cli-src");
  const dst = useTestDatabase("backup-cli-dst");
  const fresh = useTestDatabase("backup-cli-fresh");
  const dstOwn = useTestDatabase("backup-cli-own");
  const work = mkdtempSync(path.join(tmpdir(), "klaxon-cli-backup-"));
  let file = "";

  beforeAll(async () => {
    await src.db.customer.create({ data: { name: "Backup Co" } });
    await src.db.user.create({ data: { email: "b@example.com", name: "B", passwordHash: "x" } });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("`backup --dir DIR` prints the file's path and nothing else on stdout", async () => {
    const dir = path.join(work, "ok");
    const r = await klaxon(["backup", "--dir", dir], { DATABASE_URL: src.url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\/\S+\.dump\n$/);
    file = r.stdout.trim();
    expect(path.dirname(file)).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual([path.basename(file), `${path.basename(file)}.sha256`]);
    expect(r.stderr).toMatch(/bytes in \d+ ms, sha256 [0-9a-f]{64}/);
  });

  it("`restore FILE` refuses a database in use unless --force, then makes it equal to the backup", async () => {
    await dst.db.customer.create({ data: { name: "Someone Else" } });
    const refused = await klaxon(["restore", file], { DATABASE_URL: dst.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n").at(-1)).toMatch(/is not empty .*restore --force replaces everything/);
    expect(await dst.db.customer.count({ where: { name: "Someone Else" } })).toBe(1);

    const forced = await klaxon(["restore", file, "--force"], { DATABASE_URL: dst.url });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^restored .* \(checksum verified\): \d+ tables, \d+ rows/);
    expect(await tableRowCounts(dst.url)).toEqual(await tableRowCounts(src.url));
  });

  it("`restore FILE` into a database that was only migrated (seeded command rules and settings) needs no --force", async () => {
    expect(await fresh.db.commandRule.count()).toBeGreaterThan(0);
    const r = await klaxon(["restore", file], { DATABASE_URL: fresh.url });
    expect(r.code, r.stderr).toBe(0);
    expect(await tableRowCounts(fresh.url)).toEqual(await tableRowCounts(src.url));
  });

  it("`restore FILE` refuses a migrated database that holds a command rule of its own", async () => {
    await dstOwn.db.commandRule.create({ data: { name: "mine", maintObjectPattern: "X", steps: [] } });
    const r = await klaxon(["restore", file], { DATABASE_URL: dstOwn.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not empty .*CommandRule/);
  });

  it("a corrupt file is refused with the reason, exit 1", async () => {
    const bad = path.join(work, "bad.dump");
    writeFileSync(bad, "PGDMP but then garbage");
    const r = await klaxon(["restore", bad, "--force"], { DATABASE_URL: dst.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is damaged, nothing was restored/);
    expect(r.stdout).toBe("");
  });

  it("an unwritable backup directory is one clear line, exit 1, no file", async () => {
    const blocker = path.join(work, "a-file");
    writeFileSync(blocker, "x");
    const r = await klaxon(["backup", "--dir", path.join(blocker, "backups")], { DATABASE_URL: src.url });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toBe(
      `cannot use backup directory ${path.join(blocker, "backups")}: a part of the path is a file, not a directory`,
    );
    expect(r.stdout).toBe("");
    if (process.getuid?.() !== 0) {
      // Root writes through permissions; an ordinary user gets the permission case too.
      const ro = path.join(work, "read-only");
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      const denied = await klaxon(["backup", "--dir", ro], { DATABASE_URL: src.url });
      expect(denied.stderr).toMatch(/permission denied/);
    }
  });

  it("a full disk (file-size limit) fails with the reason and leaves no partial file", async () => {
    const dir = path.join(work, "full");
    mkdirSync(dir);
    const r = await klaxon(["backup", "--dir", dir], { DATABASE_URL: src.url }, 8);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(new RegExp(`^cannot write the backup to ${dir}: file too large`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("no pg_dump, or one of another major version, is refused with what to install", async () => {
    const empty = path.join(work, "no-tools");
    mkdirSync(empty);
    const missing = await klaxon(["backup", "--dir", path.join(work, "x")], { DATABASE_URL: src.url, PG_BIN_DIR: empty });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`pg_dump not found in PG_BIN_DIR=${empty}: install postgresql-client-15`);

    const old = path.join(work, "pg14");
    mkdirSync(old);
    writeFileSync(path.join(old, "pg_dump"), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 14.9'\n", { mode: 0o755 });
    const mismatch = await klaxon(["backup", "--dir", path.join(work, "y")], { DATABASE_URL: src.url, PG_BIN_DIR: old });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/no pg_dump of version 15 .* \(PostgreSQL 15\.\d+\); found .*pg14\/pg_dump is version 14\.9/);
    expect(existsSync(path.join(work, "y"))).toBe(true);
    expect(readdirSync(path.join(work, "y"))).toEqual([]);
  });
});
