import { alarmStats, alarmTrend, listAlarms } from "../../lib/alarms/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

/**
 * `npm run bench -- board [rows]`: the alarm board's queries on a table of N alarms
 * (default 100,000; 70% resolved), mean of 5 runs each after a warm-up.
 */
export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 100_000);
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_board", server.template);
  const db = createPrisma(database.url);
  try {
    const t0 = performance.now();
    await db.$executeRawUnsafe(
      `INSERT INTO "Alarm"(source, "productId", severity, "maintObject", port, status, "firstSeenAt", "lastSeenAt", count,
         "dedupKey", "activeKey", description, "searchText", raw)
       SELECT 'SNMP', (1000000000 + i % 500)::text, (ARRAY['MAJOR','MINOR','WARNING','CRITICAL'])[1 + i % 4]::"Severity",
         (ARRAY['DS1-BD','ANL-LINE','CO-TRK','POWER','MED-GTWY'])[1 + i % 5], '01A' || lpad((i % 99)::text, 2, '0'),
         (CASE WHEN i % 10 < 7 THEN 'RESOLVED' WHEN i % 10 < 9 THEN 'ACTIVE' ELSE 'ACKNOWLEDGED' END)::"AlarmStatus",
         (now() AT TIME ZONE 'UTC') - make_interval(secs => i * 20), (now() AT TIME ZONE 'UTC') - make_interval(secs => i * 20),
         1 + i % 7, 'k' || i, CASE WHEN i % 10 < 7 THEN NULL ELSE 'k' || i END, 'alarm ' || i,
         lower('alarm ' || i || ' ds1-bd 01a05 varbind-' || md5(i::text)), jsonb_build_object('v', md5(i::text))
       FROM generate_series(1, $1::int) i`,
      rows,
    );
    await db.$executeRawUnsafe("ANALYZE");
    console.log(`board bench: ${rows} alarms inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const first = await listAlarms(db, { sort: "lastSeen", limit: 50 });
    const open = { status: ["ACTIVE" as const, "ACKNOWLEDGED" as const], sort: "priority" as const, limit: 50 };
    const worst = await listAlarms(db, open);
    const cases: [string, () => Promise<unknown>][] = [
      ["open alarms, worst first (board default)", () => listAlarms(db, open)],
      ["open alarms, worst first, page 2 (cursor)", () => listAlarms(db, { ...open, cursor: worst.nextCursor })],
      ["all alarms, worst first", () => listAlarms(db, { sort: "priority", limit: 50 })],
      ["open alarms, newest first", () => listAlarms(db, { status: ["ACTIVE", "ACKNOWLEDGED"], sort: "lastSeen", limit: 50 })],
      ["all alarms, page 1", () => listAlarms(db, { sort: "lastSeen", limit: 50 })],
      ["all alarms, page 2 (cursor)", () => listAlarms(db, { sort: "lastSeen", limit: 50, cursor: first.nextCursor })],
      ["severity filter", () => listAlarms(db, { severity: ["MAJOR"], sort: "lastSeen", limit: 50 })],
      ["free text in raw varbinds", () => listAlarms(db, { q: "c4ca4238a0b923820dcc509a6f75849b", sort: "lastSeen", limit: 50 })],
      ["sort by count", () => listAlarms(db, { sort: "count", limit: 50 })],
      ["counts by severity/status", () => alarmStats(db)],
      ["trend, 24 h", () => alarmTrend(db, { hours: 24 })],
    ];
    for (const [name, fn] of cases) {
      await fn();
      const start = performance.now();
      for (let i = 0; i < 5; i++) await fn();
      console.log(`  ${name.padEnd(44)} ${((performance.now() - start) / 5).toFixed(1).padStart(7)} ms`);
    }
  } finally {
    await db.$disconnect();
    await database.drop();
    await server.stop();
  }
}
