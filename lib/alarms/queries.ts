import { z } from "zod";
import { type Prisma, type TDb, ZId } from "../db/index.ts";
import { ZAlarmSource, ZAlarmStatus, ZSeverity } from "./alarm-input.ts";
import { getArchivedAlarm } from "./archived-alarm.ts";

export const ZAlarmFilter = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.array(ZAlarmStatus).max(3).optional(),
  severity: z.array(ZSeverity).max(5).optional(),
  systemId: ZId.optional(),
  customerId: ZId.optional(),
  source: ZAlarmSource.optional(),
  productId: z.string().max(32).optional(),
  from: z.coerce.date({ error: "expected a date, e.g. 2026-01-31T08:00:00Z" }).optional(),
  to: z.coerce.date({ error: "expected a date, e.g. 2026-01-31T08:00:00Z" }).optional(),
});
export type TAlarmFilter = z.infer<typeof ZAlarmFilter>;

/** `priority` (the default) is how a desk reads a storm: unacknowledged first, worst first, newest first. */
export const ZAlarmSort = z.enum(["priority", "lastSeen", "firstSeen", "count", "severity"]);

export const ZAlarmListInput = ZAlarmFilter.extend({
  sort: ZAlarmSort.default("priority"),
  limit: z.number().int().min(1).max(500).default(50),
  // null is what the last page's nextCursor says: a client may pass it straight back.
  cursor: z.union([ZId, z.string().regex(/^\d{1,10}$/).transform(Number).pipe(ZId)]).nullish(),
  /** true: the archive (resolved alarms the archive routine moved out), same filters, sort and cursor. */
  archived: z.boolean().optional(),
});

export const ALARM_LIST_SELECT = {
  id: true,
  productId: true,
  systemId: true,
  severity: true,
  alarmNumber: true,
  maintObject: true,
  port: true,
  onBoard: true,
  altName: true,
  alarmType: true,
  status: true,
  count: true,
  source: true,
  description: true,
  firstSeenAt: true,
  lastSeenAt: true,
  acknowledgedBy: true,
  system: { select: { name: true, customer: { select: { name: true } } } },
} as const satisfies Prisma.AlarmSelect;

export function alarmWhere(f: TAlarmFilter): Prisma.AlarmWhereInput {
  const where: Prisma.AlarmWhereInput = {};
  // Prisma passes `contains` to LIKE unescaped: a pasted "50%" or "a_b" must match literally.
  if (f.q) where.searchText = { contains: f.q.toLowerCase().replace(/[\\%_]/g, "\\$&") };
  if (f.status?.length) where.status = { in: f.status };
  if (f.severity?.length) where.severity = { in: f.severity };
  if (f.systemId !== undefined) where.systemId = f.systemId;
  if (f.customerId !== undefined) where.system = { customerId: f.customerId };
  if (f.source) where.source = f.source;
  if (f.productId) where.productId = f.productId;
  if (f.from || f.to) where.lastSeenAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) };
  return where;
}

// Enum columns sort in declaration order: ACTIVE < ACKNOWLEDGED < RESOLVED, CRITICAL < … < INFO.
const ORDER: Record<z.infer<typeof ZAlarmSort>, Prisma.AlarmOrderByWithRelationInput[]> = {
  priority: [{ status: "asc" }, { severity: "asc" }, { firstSeenAt: "desc" }, { id: "desc" }],
  lastSeen: [{ lastSeenAt: "desc" }, { id: "desc" }],
  firstSeen: [{ firstSeenAt: "desc" }, { id: "desc" }],
  count: [{ count: "desc" }, { id: "desc" }],
  severity: [{ severity: "asc" }, { lastSeenAt: "desc" }, { id: "desc" }],
};

export async function listAlarms(db: TDb, input: z.infer<typeof ZAlarmListInput>) {
  const { sort, limit, cursor, archived, ...filter } = input;
  const args = {
    where: alarmWhere(filter),
    orderBy: ORDER[sort],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: ALARM_LIST_SELECT,
  };
  // The archive has the live table's columns, relation and indexes: the same filter and order apply.
  const rows: TRow[] = archived
    ? await db.archivedAlarm.findMany({
        ...args,
        where: args.where as Prisma.ArchivedAlarmWhereInput,
        orderBy: args.orderBy as Prisma.ArchivedAlarmOrderByWithRelationInput[],
      })
    : await db.alarm.findMany(args);
  const hasMore = rows.length > limit;
  const items = (hasMore ? rows.slice(0, limit) : rows).map(flatten);
  // Always present (the contract is `{ items, nextCursor }`): null on the last page.
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

type TRow = Prisma.AlarmGetPayload<{ select: typeof ALARM_LIST_SELECT }>;
function flatten({ system, ...a }: TRow) {
  return { ...a, systemName: system?.name ?? null, customerName: system?.customer?.name ?? null };
}

export async function getAlarm(db: TDb, { id }: { id: number }) {
  const alarm = await db.alarm.findUnique({
    where: { id },
    include: {
      system: { select: { id: true, name: true, productId: true, customer: { select: { name: true } } } },
      events: { orderBy: { id: "asc" } },
      taskRuns: { orderBy: { id: "desc" }, take: 20, select: { id: true, kind: true, status: true, nodeName: true, createdAt: true } },
    },
  });
  if (!alarm) return getArchivedAlarm(db, { id });
  const { searchText: _omit, activeKey: _key, ...rest } = alarm;
  return rest;
}

export async function alarmStats(db: TDb, filter: TAlarmFilter = {}) {
  const grouped = await db.alarm.groupBy({ by: ["severity", "status"], where: alarmWhere(filter), _count: { _all: true } });
  const bySeverity: Record<string, number> = { CRITICAL: 0, MAJOR: 0, MINOR: 0, WARNING: 0, INFO: 0 };
  const byStatus: Record<string, number> = { ACTIVE: 0, ACKNOWLEDGED: 0, RESOLVED: 0 };
  const openBySeverity: Record<string, number> = { ...bySeverity };
  const activeBySeverity: Record<string, number> = { ...bySeverity };
  for (const g of grouped) {
    bySeverity[g.severity] = (bySeverity[g.severity] ?? 0) + g._count._all;
    byStatus[g.status] = (byStatus[g.status] ?? 0) + g._count._all;
    if (g.status !== "RESOLVED") openBySeverity[g.severity] = (openBySeverity[g.severity] ?? 0) + g._count._all;
    if (g.status === "ACTIVE") activeBySeverity[g.severity] = (activeBySeverity[g.severity] ?? 0) + g._count._all;
  }
  return { bySeverity, byStatus, openBySeverity, activeBySeverity, total: Object.values(byStatus).reduce((a, b) => a + b, 0) };
}

/** Alarms first seen per hour by severity, for the board's trend chart. */
export async function alarmTrend(db: TDb, { hours }: { hours: number }) {
  const rows = await db.$queryRawUnsafe<{ hour: Date; severity: string; n: bigint }[]>(
    `SELECT date_trunc('hour', "firstSeenAt") AS hour, severity::text AS severity, count(*)::bigint AS n
     FROM "Alarm" WHERE "firstSeenAt" >= (now() AT TIME ZONE 'UTC') - make_interval(hours => $1)
     GROUP BY 1, 2 ORDER BY 1`,
    hours,
  );
  return rows.map((r) => ({ hour: r.hour, severity: r.severity, count: Number(r.n) }));
}
