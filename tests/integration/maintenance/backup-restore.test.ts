import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import PgBoss from "pg-boss";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBackup, restoreBackup, tableRowCounts } from "../../../lib/maintenance/index.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

/** `klaxon migrate` from a checkout whose migrations folder lacks `newest`: what the previous release applied. */
async function migrateWithout(url: string, newest: string): Promise<void> {
  const older = mkdtempSync(path.join(tmpdir(), "klaxon-older-"));
  try {
    cpSync(path.join(ROOT, "prisma"), path.join(older, "prisma"), { recursive: true, filter: (f) => path.basename(f) !== newest });
    await run(process.execPath, [path.join(ROOT, "workers", "klaxon.mjs"), "migrate"], {
      cwd: older,
      env: { ...process.env, DATABASE_URL: url },
    });
  } finally {
    rmSync(older, { recursive: true, force: true });
  }
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

/** A database created with CREATE DATABASE and nothing else: what a new server gives you. */
async function emptyDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const u = new URL(inject("pgAdminUrl"));
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function seed(url: string, db: ReturnType<typeof useTestDatabase>["db"]): Promise<void> {
  const customer = await db.customer.create({ data: { name: "ACME" } });
  const system = await db.system.create({ data: { name: "PBX 1", productId: "1000000101", customerId: customer.id } });
  for (let i = 0; i < 40; i++) {
    const alarm = await db.alarm.create({
      data: {
        source: "SNMP",
        systemId: system.id,
        productId: system.productId,
        severity: i % 3 ? "MAJOR" : "MINOR",
        maintObject: `DS1-BD`,
        port: `01A05${String(i).padStart(2, "0")}`,
        dedupKey: `k${i}`,
        activeKey: `k${i}`,
        raw: { varbinds: [{ oid: "1.3.6.1", value: `v${i}` }] },
      },
    });
    await db.alarmEvent.create({ data: { alarmId: alarm.id, kind: "received", message: "received" } });
  }
  await db.user.create({ data: { email: "a@example.com", name: "A", passwordHash: "x", role: "ADMIN" } });
  // pg-boss keeps its queue in its own schema: a backup is of the whole database, not only Prisma's tables.
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 1 });
  await boss.start();
  await boss.createQueue("backup-test");
  await boss.send("backup-test", { n: 1 });
  await boss.stop({ graceful: false });
}

describe("backup and restore with pg_dump / pg_restore of the server's major version", () => {
  const src = useTestDatabase("backup-src");
  const dir = mkdtempSync(path.join(tmpdir(), "klaxon-backup-"));
  const drops: (() => Promise<void>)[] = [];
  let backupFile = "";

  beforeAll(async () => {
    await seed(src.url, src.db);
  });
  afterAll(async () => {
    for (const d of drops) await d().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes a custom-format dump with a sha256 file that sha256sum -c accepts", async () => {
    const r = await createBackup({ url: src.url, dir });
    backupFile = r.file;
    expect(path.dirname(r.file)).toBe(dir);
    expect(path.basename(r.file)).toMatch(/^klaxon-t_backup_src_\w+-\d{8}T\d{6}Z\.dump$/);
    expect(readFileSync(r.file).subarray(0, 5).toString()).toBe("PGDMP");
    expect(r.sizeBytes).toBe(readFileSync(r.file).length);
    expect(r.serverVersion).toMatch(/^15\./);
    const { stdout } = await run("sha256sum", ["-c", `${path.basename(r.file)}.sha256`], { cwd: dir });
    expect(stdout).toContain(": OK");
    expect(readFileSync(`${r.file}.sha256`, "utf8")).toContain(r.sha256);
  });

  it("restores into a fresh database with the same row count in every table, pg-boss's included", async () => {
    const target = await emptyDatabase("restore_fresh");
    drops.push(target.drop);
    const r = await restoreBackup({ url: target.url, file: backupFile });
    expect(r.checksum).toBe("verified");
    expect(r.migrationsApplied).toEqual([]);
    const [want, got] = await Promise.all([tableRowCounts(src.url), tableRowCounts(target.url)]);
    expect(got).toEqual(want);
    expect(want.get("public.Alarm")).toBe(40);
    expect(want.get("public.AlarmEvent")).toBe(40);
    expect(want.get("pgboss.job")).toBeGreaterThan(0);
    expect(r.tables).toBe(want.size);
  });

  it("keeps the newest N backups and deletes older ones with their checksum files", async () => {
    const keepDir = mkdtempSync(path.join(tmpdir(), "klaxon-keep-"));
    try {
      const files: string[] = [];
      for (let i = 0; i < 3; i++) {
        files.push((await createBackup({ url: src.url, dir: keepDir, keep: 2 })).file);
        await new Promise((r) => setTimeout(r, 1100)); // file names carry the second
      }
      const { stdout } = await run("ls", [keepDir]);
      expect(stdout.trim().split("\n").sort()).toEqual(
        files
          .slice(1)
          .flatMap((f) => [path.basename(f), `${path.basename(f)}.sha256`])
          .sort(),
      );
    } finally {
      rmSync(keepDir, { recursive: true, force: true });
    }
  });

  it("refuses a database that holds rows unless forced, then replaces everything in it", async () => {
    const target = await emptyDatabase("restore_busy");
    drops.push(target.drop);
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    await c.query(`CREATE TABLE leftover (x int); INSERT INTO leftover VALUES (1), (2)`);
    await c.end();
    await expect(restoreBackup({ url: target.url, file: backupFile })).rejects.toThrow(/is not empty .*public\.leftover: 2.*--force/);
    expect((await tableRowCounts(target.url)).get("public.leftover")).toBe(2);

    await restoreBackup({ url: target.url, file: backupFile, force: true });
    const got = await tableRowCounts(target.url);
    expect(got.has("public.leftover")).toBe(false);
    expect(got).toEqual(await tableRowCounts(src.url));
  });

  it("refuses a damaged file before writing anything: checksum mismatch, or without a checksum a failed full read", async () => {
    const target = await emptyDatabase("restore_corrupt");
    drops.push(target.drop);
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    await c.query(`CREATE TABLE keepme (x int); INSERT INTO keepme VALUES (7)`);
    await c.end();
    const bad = path.join(dir, "damaged.dump");
    const bytes = readFileSync(backupFile);
    // Damage compressed table data (the archive's table of contents comes first, the data last).
    for (let i = bytes.length - 400; i < bytes.length - 336; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    writeFileSync(bad, bytes);
    copyFileSync(`${backupFile}.sha256`, `${bad}.sha256`);
    await expect(restoreBackup({ url: target.url, file: bad, force: true })).rejects.toThrow(
      /does not match its checksum file.*nothing was restored/,
    );

    rmSync(`${bad}.sha256`);
    await expect(restoreBackup({ url: target.url, file: bad, force: true })).rejects.toThrow(/is damaged, nothing was restored/);

    writeFileSync(bad, readFileSync(backupFile).subarray(0, Math.floor(bytes.length * 0.7)));
    await expect(restoreBackup({ url: target.url, file: bad, force: true })).rejects.toThrow(/is damaged, nothing was restored/);

    writeFileSync(bad, "this is not a backup\n");
    await expect(restoreBackup({ url: target.url, file: bad, force: true })).rejects.toThrow(/not a pg_dump custom-format archive/);
    await expect(restoreBackup({ url: target.url, file: path.join(dir, "nope.dump") })).rejects.toThrow(
      /cannot read backup file .*no such file/,
    );
    expect([...(await tableRowCounts(target.url)).entries()]).toEqual([["public.keepme", 1]]);
  });

  it("a restore that fails half-way is rolled back: the database is as it was, and the error says so", async () => {
    // The backup holds an extension only a superuser may create; the target belongs to an ordinary role.
    await src.db.$executeRawUnsafe(`CREATE EXTENSION IF NOT EXISTS pageinspect`);
    const withExt = await createBackup({ url: src.url, dir });
    await src.db.$executeRawUnsafe(`DROP EXTENSION pageinspect`);
    const role = `restorer_${Date.now().toString(36)}`;
    await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-restorer'`);
    drops.push(() => adminQuery(`DROP ROLE IF EXISTS ${role}`));
    const name = `t_restore_partial_${Date.now().toString(36)}`;
    await adminQuery(`CREATE DATABASE "${name}" OWNER ${role}`);
    drops.unshift(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const u = new URL(inject("pgAdminUrl"));
    u.username = role;
    u.password = "pw-restorer";
    u.pathname = `/${name}`;
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query(`CREATE TABLE mine (x int); INSERT INTO mine VALUES (1), (2), (3)`);
    await c.end();

    await expect(restoreBackup({ url: u.toString(), file: withExt.file, force: true })).rejects.toThrow(
      /rolled back, the database is unchanged: .*pageinspect/,
    );
    expect([...(await tableRowCounts(u.toString())).entries()]).toEqual([["public.mine", 3]]);
  });

  it("a backup from an older version gets the newer migrations after the restore", async () => {
    const migrations = readdirSync(path.join("prisma", "migrations"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const newest = migrations.at(-1) ?? "";
    // The database an older Klaxon left: every migration but the newest, applied by `klaxon migrate`.
    const old = await emptyDatabase("old_version");
    drops.push(old.drop);
    await migrateWithout(old.url, newest);
    const c = new pg.Client({ connectionString: old.url });
    await c.connect();
    await c.query(`INSERT INTO "Customer" (name) VALUES ('Old Co'), ('Older Co')`);
    await c.end();
    const file = (await createBackup({ url: old.url, dir })).file;

    const target = await emptyDatabase("restore_old");
    drops.push(target.drop);
    const r = await restoreBackup({ url: target.url, file });
    expect(r.migrationsApplied).toEqual([newest]);
    const [got, current] = await Promise.all([tableRowCounts(target.url), tableRowCounts(src.url)]);
    expect([...got.keys()].filter((t) => t.startsWith("public."))).toEqual([...current.keys()].filter((t) => t.startsWith("public.")));
    expect(got.get("public.Customer")).toBe(2);
  });
});
