import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { currentPrimary } from "../../../lib/cluster/index.ts";
import type { TDb } from "../../../lib/db/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { FAST_ENV, waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";

type TKind = "ALARM_REPORT" | "ARCHIVE" | "BACKUP";

// Fast maintenance ticks, but a lease and heartbeat that survive a loaded test machine: a lapsed
// lease rightly cuts a run short, which is not what most of these tests are about.
const STEADY = { ...FAST_ENV, LEASE_RENEW_MS: "500", LEASE_TTL_MS: "8000", HEARTBEAT_MS: "500", NODE_OFFLINE_MS: "15000" };

async function runOf(db: TDb, id: number, until: (s: string) => boolean = (s) => s !== "RUNNING", timeoutMs = 60_000) {
  return waitUntil(
    async () => {
      const r = await db.maintenanceRun.findUnique({ where: { id } });
      return r && until(r.status) ? r : null;
    },
    timeoutMs,
    100,
  );
}

/** Only the routine under test (if any) may open a window while a test runs (the defaults open daily). */
async function onlyEnabled(db: TDb, kind: TKind | null, schedule?: string) {
  const admin = callerAs(db, "ADMIN");
  for (const k of ["ALARM_REPORT", "ARCHIVE", "BACKUP"] as const)
    await admin.maintenance.update(k === kind ? { kind: k, enabled: true, schedule } : { kind: k, enabled: false });
  // The tests share one database: each starts without the earlier ones' runs and backup directory.
  await db.maintenanceRun.deleteMany({ where: { id: { gt: 0 } } });
  await db.maintenanceRequest.deleteMany({ where: { id: { gt: 0 } } });
  await admin.maintenance.update({ kind: "BACKUP", settings: { dir: null } });
}

/** "daily HH:MM UTC" for a window that opened a minute ago. */
function windowOpenNow(): string {
  const d = new Date(Date.now() - 60_000);
  return `daily ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

describe("maintenance routines on the primary (real node processes)", { timeout: 240_000 }, () => {
  const { t, harness } = useClusterTest("maintenance-routines");
  const work = mkdtempSync(path.join(tmpdir(), "klaxon-maint-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("run now, asked of any node, runs the backup on the primary: node, start, end, size, PASSED", async () => {
    await onlyEnabled(t.db, null);
    const dir = path.join(work, "backups");
    const h = harness(STEADY);
    for (const n of ["a", "b"]) await h.startReady(n, { BACKUP_DIR: dir });
    const lease = await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName ? l : null)));

    const admin = callerAs(t.db, "ADMIN");
    const { id } = await admin.maintenance.runNow({ kind: "BACKUP" });
    const run = await runOf(t.db, id);
    expect(run, run.detail ?? "").toMatchObject({ status: "PASSED", nodeName: lease.holderName, trigger: "MANUAL", kind: "BACKUP" });
    expect(run.finishedAt?.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    const result = run.result as { file: string; sizeBytes: number; durationMs: number };
    expect(path.dirname(result.file)).toBe(dir);
    expect(statSync(result.file).size).toBe(result.sizeBytes);
    expect(existsSync(`${result.file}.sha256`)).toBe(true);
    expect(run.detail).toMatch(/\.dump in .*: [\d.]+ (KB|MB) in/);

    const listed = await callerAs(t.db, "VIEWER").maintenance.runs({ kind: "BACKUP", limit: 5 });
    expect(listed.items[0]).toMatchObject({ id, kind: "BACKUP", status: "PASSED", nodeName: lease.holderName });
    expect(listed.items[0]?.finishedAt).toBeInstanceOf(Date);
    await expect(callerAs(t.db, "VIEWER").maintenance.runNow({ kind: "BACKUP" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.auditLog.count({ where: { action: "maintenance.runNow" } })).toBe(1);
  });

  it("bad backup input is a FAILED run with the reason and a cluster warning, until a run passes", async () => {
    await onlyEnabled(t.db, null);
    const empty = path.join(work, "no-tools");
    rmSync(empty, { recursive: true, force: true });
    mkdirSync(empty);
    const h = harness(STEADY);
    await h.startReady("a", { BACKUP_DIR: path.join(work, "b2"), PG_BIN_DIR: empty });
    await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName === "a" ? l : null)));
    const admin = callerAs(t.db, "ADMIN");

    const missing = await runOf(t.db, (await admin.maintenance.runNow({ kind: "BACKUP" })).id);
    expect(missing.status).toBe("FAILED");
    expect(missing.detail).toBe(
      `pg_dump not found in PG_BIN_DIR=${empty}: install postgresql-client-15 (Debian: apt-get install postgresql-client-15) or set PG_BIN_DIR to its bin directory`,
    );
    const warnings = await callerAs(t.db, "VIEWER").cluster.warnings();
    expect(warnings.find((w) => w.startsWith("The last backup run failed"))).toContain("pg_dump not found");

    await h.stopAll();
    const blocker = path.join(work, "a-file");
    writeFileSync(blocker, "x");
    await admin.maintenance.update({ kind: "BACKUP", settings: { dir: path.join(blocker, "backups") } });
    // A new name: "a" stays claimed by the killed process until its heartbeat is old enough.
    await h.startReady("a2");
    await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName === "a2" ? l : null)), 60_000);
    const unwritable = await runOf(t.db, (await admin.maintenance.runNow({ kind: "BACKUP" })).id);
    expect(unwritable).toMatchObject({
      status: "FAILED",
      detail: `cannot use backup directory ${path.join(blocker, "backups")}: a part of the path is a file, not a directory`,
    });

    await admin.maintenance.update({ kind: "BACKUP", settings: { dir: path.join(work, "good") } });
    expect((await runOf(t.db, (await admin.maintenance.runNow({ kind: "BACKUP" })).id)).status).toBe("PASSED");
    expect((await callerAs(t.db, "VIEWER").cluster.warnings()).some((w) => w.includes("backup run"))).toBe(false);
  });

  it("a full disk fails the backup with the reason and leaves no file", async () => {
    await onlyEnabled(t.db, null);
    const dir = path.join(work, "full");
    const h = harness(STEADY);
    // 64 blocks = 32 KB per file: the node's logs go to a pipe, the dump does not fit.
    await h.startReady("a", { BACKUP_DIR: dir }, { fileSizeLimitBlocks: 64 });
    await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName === "a" ? l : null)));
    // Enough rows that the compressed dump is larger than the limit.
    await t.db.$executeRawUnsafe(
      `INSERT INTO "RejectedIntake" (source, reason, raw) SELECT 'SNMP', 'bench', md5(i::text) || md5((i * 7)::text) FROM generate_series(1, 20000) i`,
    );
    const run = await runOf(t.db, (await callerAs(t.db, "ADMIN").maintenance.runNow({ kind: "BACKUP" })).id);
    if (run.status !== "FAILED")
      console.log(
        h
          .get("a")
          .output()
          .split("\n")
          .filter((l) => /lease|maintenance|primary|fenced/.test(l))
          .join("\n"),
      );
    expect(run.status, run.detail ?? "").toBe("FAILED");
    expect(run.detail).toMatch(new RegExp(`^cannot write the backup to ${dir}: file too large`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a scheduled routine runs once in its window, on the primary, only", async () => {
    await onlyEnabled(t.db, "ARCHIVE", windowOpenNow());
    const h = harness(STEADY);
    for (const n of ["a", "b"]) await h.startReady(n);
    const first = await waitUntil(() => t.db.maintenanceRun.findFirst({ where: { kind: "ARCHIVE", status: "PASSED" } }), 30_000, 100);
    expect(first).toMatchObject({ trigger: "SCHEDULE", windowKey: expect.stringMatching(/^daily:\d{4}-\d\d-\d\d$/) });
    expect(first.detail).toMatch(/^archived 0 resolved alarms older than 90 days/);
    const lease = await currentPrimary(t.db);
    expect(first.nodeName).toBe(lease?.holderName);
    // Several more maintenance ticks (1 s each here) on both nodes: still one run for the window.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await t.db.maintenanceRun.count({ where: { kind: "ARCHIVE" } })).toBe(1);
  });

  it("an archive run cut short by SIGKILL of the primary is run again by the new primary in the same window; nothing lost, nothing twice", async () => {
    await onlyEnabled(t.db, null);
    const N = 150_000;
    await t.db.$executeRawUnsafe(
      `INSERT INTO "Alarm" (source, severity, "maintObject", port, "dedupKey", status, "firstSeenAt", "lastSeenAt", "resolvedAt", "searchText")
       SELECT 'SNMP', 'MINOR', 'DS1-BD', lpad(i::text, 7, '0'), 'k' || i, 'RESOLVED', t, t, t, 'ds1-bd ' || i
       FROM generate_series(1, ${N}) i, LATERAL (SELECT (now() AT TIME ZONE 'UTC') - interval '200 days' - i * interval '1 second' AS t) x`,
    );
    const h = harness(STEADY);
    await h.startReady("a");
    await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName === "a" ? l : null)));
    await h.startReady("b");
    await callerAs(t.db, "ADMIN").maintenance.update({
      kind: "ARCHIVE",
      enabled: true,
      schedule: windowOpenNow(),
      settings: { afterDays: 30 },
    });

    const cut = await waitUntil(
      async () => {
        // (waiting for a's scheduled archive run to be under way)
        const run = await t.db.maintenanceRun.findFirst({ where: { kind: "ARCHIVE", status: "RUNNING" } });
        return run && (await t.db.archivedAlarm.count()) > 0 ? run : null;
      },
      120_000,
      20,
    );
    await h.kill("a");
    const movedBeforeKill = await t.db.archivedAlarm.count();
    expect(movedBeforeKill).toBeLessThan(N);

    const retry = await waitUntil(
      () => t.db.maintenanceRun.findFirst({ where: { kind: "ARCHIVE", trigger: "RETRY", status: "PASSED" } }),
      120_000,
      200,
    );
    expect(retry).toMatchObject({ nodeName: "b", windowKey: cut.windowKey });
    expect(retry.epoch).toBeGreaterThan(cut.epoch);
    const cutNow = await t.db.maintenanceRun.findUniqueOrThrow({ where: { id: cut.id } });
    expect(cutNow.status).toBe("ERROR");
    expect(cutNow.detail).toMatch(/^cut short: a stopped or lost the primary lease/);
    expect(await t.db.archivedAlarm.count()).toBe(N);
    expect(await t.db.alarm.count()).toBe(0);
    // The retry moved the rest (a batch in flight when a died may have committed after the count).
    const retried = (retry.result as { archived: number }).archived;
    expect(retried).toBeGreaterThan(0);
    expect(retried).toBeLessThanOrEqual(N - movedBeforeKill);
    expect(await t.db.maintenanceRun.count({ where: { kind: "ARCHIVE", windowKey: cut.windowKey } })).toBe(2);
  });
});
