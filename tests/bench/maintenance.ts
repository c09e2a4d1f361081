import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listAlarms, ZAlarmListInput } from "../../lib/alarms/index.ts";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { archiveResolvedAlarms, createBackup, restoreBackup, tableRowCounts } from "../../lib/maintenance/index.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * `npm run bench -- maintenance [rows]`: archive N resolved alarms (default 1,000,000, each with a
 * timeline event) while the board's first page is read in a loop (its latency is what a person at
 * the desk feels), then back the same database up and restore it into a fresh one.
 */
export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 1_000_000);
  const live = 20_000;
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_maintenance", server.template);
  const target = await createTestDatabase(server.adminUrl, "bench_restore", "template0");
  const db = createPrisma(database.url);
  const board = createPrisma(database.url, 2);
  const dir = mkdtempSync(path.join(tmpdir(), "klaxon-bench-backup-"));
  try {
    const t0 = performance.now();
    await db.$executeRawUnsafe(
      `INSERT INTO "Alarm"(source, "productId", severity, "maintObject", port, status, "firstSeenAt", "lastSeenAt", "resolvedAt",
         count, "dedupKey", "activeKey", description, "searchText", raw)
       SELECT 'SNMP', (1000000000 + i % 500)::text, (ARRAY['MAJOR','MINOR','WARNING','CRITICAL'])[1 + i % 4]::"Severity",
         (ARRAY['DS1-BD','ANL-LINE','CO-TRK','POWER','MED-GTWY'])[1 + i % 5], '01A' || lpad((i % 99)::text, 2, '0'),
         (CASE WHEN i <= $1 THEN 'RESOLVED' WHEN i % 2 = 0 THEN 'ACTIVE' ELSE 'ACKNOWLEDGED' END)::"AlarmStatus",
         t, t, CASE WHEN i <= $1 THEN t END, 1 + i % 7, 'k' || i, CASE WHEN i > $1 THEN 'k' || i END, 'alarm ' || i,
         lower('alarm ' || i || ' ds1-bd 01a05 varbind-' || md5(i::text)), jsonb_build_object('v', md5(i::text))
       FROM generate_series(1, $1::int + $2::int) i,
            LATERAL (SELECT (now() AT TIME ZONE 'UTC') - CASE WHEN i <= $1 THEN interval '100 days' ELSE interval '0' END
                            - make_interval(secs => (i % 86400)) AS t) x`,
      rows,
      live,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "AlarmEvent"("alarmId", at, kind, message) SELECT id, "firstSeenAt", 'received', 'received' FROM "Alarm"`,
    );
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    console.log(
      `maintenance bench: ${rows} old resolved + ${live} open alarms (with events) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    await ensureClusterSql(db);
    await db.$executeRawUnsafe(
      `UPDATE "PrimaryLease" SET "holderName" = 'bench', epoch = 1, "expiresAt" = (now() AT TIME ZONE 'UTC') + interval '1 day' WHERE id = 1`,
    );
    const firstPage = ZAlarmListInput.parse({ status: ["ACTIVE", "ACKNOWLEDGED"], limit: 50 });
    await listAlarms(board, firstPage);

    const latencies: number[] = [];
    let archiving = true;
    const reader = (async () => {
      while (archiving) {
        const s = performance.now();
        await listAlarms(board, firstPage);
        latencies.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const a0 = performance.now();
    const moved = await archiveResolvedAlarms(db, { afterDays: 90, guard: { nodeName: "bench", epoch: 1 } });
    const archiveMs = performance.now() - a0;
    archiving = false;
    await reader;
    const sorted = [...latencies].sort((x, y) => x - y);
    console.log(
      `  archive: ${moved.archived} alarms in ${moved.batches} batches, ${(archiveMs / 1000).toFixed(1)} s (${Math.round(moved.archived / (archiveMs / 1000))} alarms/s)`,
    );
    console.log(
      `  board first page during the archive (${sorted.length} reads): p50 ${pct(sorted, 50).toFixed(1)} ms, p95 ${pct(sorted, 95).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms, over 100 ms: ${sorted.filter((l) => l > 100).length}`,
    );
    if ((await db.alarm.count()) !== live || (await db.archivedAlarm.count()) !== rows) throw new Error("archive moved the wrong alarms");

    await db.$executeRawUnsafe("VACUUM ANALYZE");
    const size = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT pg_database_size(current_database()) AS n`);
    const b = await createBackup({ url: database.url, dir });
    console.log(`  backup: ${mb(b.sizeBytes)} file of a ${mb(Number(size[0]?.n ?? 0))} database in ${(b.durationMs / 1000).toFixed(1)} s`);
    // The restore target is a new, empty database (a migrated one holds the seeded rule library): no --force needed.
    const r = await restoreBackup({ url: target.url, file: b.file });
    console.log(`  restore: ${r.rows} rows in ${r.tables} tables in ${(r.durationMs / 1000).toFixed(1)} s (checksum ${r.checksum})`);
    const [want, got] = await Promise.all([tableRowCounts(database.url), tableRowCounts(target.url)]);
    const differ = [...want].filter(([t, n]) => got.get(t) !== n);
    if (differ.length) throw new Error(`restored row counts differ: ${differ.map(([t]) => t).join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await board.$disconnect();
    await db.$disconnect();
    await database.drop();
    await target.drop();
    await server.stop();
  }
}
