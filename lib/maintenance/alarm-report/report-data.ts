import { Prisma, type TDb } from "../../db/index.ts";
import type { TAlarmReportFilter } from "./definitions.ts";
import type { TPeriod } from "./period.ts";

export const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
/** More would not fit a mail: the CSV says how many were left out. */
export const CSV_MAX_ROWS = 50_000;

export type TReportData = {
  total: number;
  bySeverity: Record<string, number>;
  byStatus: Record<string, number>;
  bySystem: { name: string; count: number }[];
  topMaintObjects: { maintObject: string; alarms: number; reports: number }[];
  /** Mean seconds from first seen to acknowledged / resolved, over the alarms that were. */
  mtta: { seconds: number | null; alarms: number };
  mttr: { seconds: number | null; alarms: number };
  /** Alarms first seen per bucket (hour for a daily report, else day) and severity, local time. */
  buckets: { bucket: string; severity: string; count: number }[];
  rows: Record<string, unknown>[];
};

/** Timestamps are stored as UTC without a zone: compare with UTC literals, whatever the session's zone. */
const utc = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

function where(filter: TAlarmReportFilter, period: TPeriod): Prisma.Sql {
  const parts = [Prisma.sql`"firstSeenAt" >= ${utc(period.start)}::timestamp`, Prisma.sql`"firstSeenAt" < ${utc(period.end)}::timestamp`];
  if (filter.severity?.length) parts.push(Prisma.sql`severity::text IN (${Prisma.join(filter.severity)})`);
  if (filter.systemId != null) parts.push(Prisma.sql`"systemId" = ${filter.systemId}`);
  if (filter.customerId != null) parts.push(Prisma.sql`"systemId" IN (SELECT id FROM "System" WHERE "customerId" = ${filter.customerId})`);
  return Prisma.join(parts, " AND ");
}

const COLS = Prisma.raw(
  `id, status::text AS status, severity::text AS severity, source::text AS source, "productId", "systemId", "maintObject", port,
   "altName", "alarmType", "alarmNumber", count, "firstSeenAt", "lastSeenAt", "acknowledgedAt", "resolvedAt", description`,
);

/** The period's alarms, live and archived alike (a short archive age must not empty a monthly report). */
function periodAlarms(filter: TAlarmReportFilter, period: TPeriod): Prisma.Sql {
  const w = where(filter, period);
  return Prisma.sql`(SELECT ${COLS} FROM "Alarm" WHERE ${w} UNION ALL SELECT ${COLS} FROM "ArchivedAlarm" WHERE ${w})`;
}

export async function collectReportData(
  db: TDb,
  { filter, period, timeZone, hourly }: { filter: TAlarmReportFilter; period: TPeriod; timeZone: string; hourly: boolean },
): Promise<TReportData> {
  const a = periodAlarms(filter, period);
  const fmt = hourly ? "YYYY-MM-DD HH24:00" : "YYYY-MM-DD";
  const [counts, systems, mos, means, buckets, rows] = await Promise.all([
    db.$queryRaw<{ severity: string; status: string; n: bigint }[]>`SELECT severity, status, count(*) AS n FROM ${a} a GROUP BY 1, 2`,
    db.$queryRaw<{ name: string; n: bigint }[]>`
      SELECT COALESCE(s.name, a."productId", 'unknown system') AS name, count(*) AS n
      FROM ${a} a LEFT JOIN "System" s ON s.id = a."systemId" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    db.$queryRaw<{ mo: string; n: bigint; reports: bigint }[]>`
      SELECT COALESCE(NULLIF(a."maintObject", ''), '(none)') AS mo, count(*) AS n, sum(a.count)::bigint AS reports
      FROM ${a} a GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    db.$queryRaw<{ mtta: number | null; acked: bigint; mttr: number | null; resolved: bigint }[]>`
      SELECT avg(EXTRACT(EPOCH FROM (a."acknowledgedAt" - a."firstSeenAt"))) FILTER (WHERE a."acknowledgedAt" IS NOT NULL)::float8 AS mtta,
             count(*) FILTER (WHERE a."acknowledgedAt" IS NOT NULL) AS acked,
             avg(EXTRACT(EPOCH FROM (a."resolvedAt" - a."firstSeenAt"))) FILTER (WHERE a."resolvedAt" IS NOT NULL)::float8 AS mttr,
             count(*) FILTER (WHERE a."resolvedAt" IS NOT NULL) AS resolved
      FROM ${a} a`,
    db.$queryRaw<{ bucket: string; severity: string; n: bigint }[]>`
      SELECT to_char((a."firstSeenAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, ${fmt}) AS bucket, a.severity, count(*) AS n
      FROM ${a} a GROUP BY 1, 2 ORDER BY 1`,
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT a.*, s.name AS "systemName", c.name AS "customerName"
      FROM ${a} a LEFT JOIN "System" s ON s.id = a."systemId" LEFT JOIN "Customer" c ON c.id = s."customerId"
      ORDER BY a."firstSeenAt", a.id LIMIT ${CSV_MAX_ROWS}`,
  ]);
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const byStatus: Record<string, number> = { ACTIVE: 0, ACKNOWLEDGED: 0, RESOLVED: 0 };
  let total = 0;
  for (const c of counts) {
    const n = Number(c.n);
    total += n;
    bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + n;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + n;
  }
  const m = means[0];
  return {
    total,
    bySeverity,
    byStatus,
    bySystem: systems.map((s) => ({ name: s.name, count: Number(s.n) })),
    topMaintObjects: mos.map((x) => ({ maintObject: x.mo, alarms: Number(x.n), reports: Number(x.reports) })),
    mtta: { seconds: m?.mtta ?? null, alarms: Number(m?.acked ?? 0) },
    mttr: { seconds: m?.mttr ?? null, alarms: Number(m?.resolved ?? 0) },
    buckets: buckets.map((b) => ({ bucket: b.bucket, severity: b.severity, count: Number(b.n) })),
    rows,
  };
}
