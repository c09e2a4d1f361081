import { z } from "zod";
import { type TDb, ZId } from "../../db/index.ts";
import { AppError } from "../../errors/index.ts";
import { ZEmailAddress } from "../../notify/index.ts";

export const ZAlarmReportFrequency = z.enum(["DAILY", "WEEKLY", "MONTHLY"]);
const ZSeverity = z.enum(["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"]);

/** Which alarms a report covers; empty = all. */
export const ZAlarmReportFilter = z.object({
  customerId: ZId.nullish(),
  systemId: ZId.nullish(),
  severity: z.array(ZSeverity).max(5).nullish(),
});
export type TAlarmReportFilter = z.infer<typeof ZAlarmReportFilter>;

export const ZAlarmReportInput = z.object({
  name: z.string().trim().min(1).max(120),
  recipients: z.array(ZEmailAddress).min(1).max(50),
  frequency: ZAlarmReportFrequency,
  filter: ZAlarmReportFilter.optional(),
  enabled: z.boolean().optional(),
});
export type TAlarmReportInput = z.infer<typeof ZAlarmReportInput>;

const SELECT = {
  id: true,
  name: true,
  recipients: true,
  frequency: true,
  filter: true,
  enabled: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
} as const;

function view<T extends { filter: unknown }>(r: T): Omit<T, "filter"> & { filter: TAlarmReportFilter } {
  const f = ZAlarmReportFilter.safeParse(r.filter ?? {});
  return { ...r, filter: f.success ? f.data : {} };
}

async function checkFilterTargets(db: TDb, f: TAlarmReportFilter | undefined) {
  if (f?.customerId != null && !(await db.customer.findUnique({ where: { id: f.customerId }, select: { id: true } })))
    throw new AppError("INVALID", `filter.customerId: no customer ${f.customerId}`);
  if (f?.systemId != null && !(await db.system.findUnique({ where: { id: f.systemId }, select: { id: true } })))
    throw new AppError("INVALID", `filter.systemId: no system ${f.systemId}`);
}

export async function createAlarmReport(db: TDb, { input, createdBy }: { input: TAlarmReportInput; createdBy: string }) {
  await checkFilterTargets(db, input.filter);
  const r = await db.alarmReport.create({
    data: {
      name: input.name,
      recipients: input.recipients,
      frequency: input.frequency,
      filter: input.filter ?? {},
      enabled: input.enabled ?? true,
      createdBy,
    },
    select: SELECT,
  });
  return view(r);
}

export async function updateAlarmReport(db: TDb, { id, patch }: { id: number; patch: Partial<TAlarmReportInput> }) {
  await checkFilterTargets(db, patch.filter);
  const found = await db.alarmReport.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new AppError("NOT_FOUND", `no alarm report ${id}`);
  const r = await db.alarmReport.update({
    where: { id },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.recipients !== undefined ? { recipients: patch.recipients } : {}),
      ...(patch.frequency !== undefined ? { frequency: patch.frequency } : {}),
      ...(patch.filter !== undefined ? { filter: patch.filter } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    },
    select: SELECT,
  });
  return view(r);
}

export async function deleteAlarmReport(db: TDb, { id }: { id: number }) {
  const found = await db.alarmReport.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!found) throw new AppError("NOT_FOUND", `no alarm report ${id}`);
  // Sent reports stay in the history (reportId becomes NULL, the name is kept on each send).
  await db.alarmReport.delete({ where: { id } });
  return found;
}

export async function listAlarmReports(db: TDb) {
  const rows = await db.alarmReport.findMany({ orderBy: { id: "asc" }, select: SELECT });
  const last = await db.alarmReportSend.groupBy({ by: ["reportId"], _max: { createdAt: true } });
  const lastAt = new Map(last.map((l) => [l.reportId, l._max.createdAt]));
  return rows.map((r) => ({ ...view(r), lastSentAt: lastAt.get(r.id) ?? null }));
}

export async function getAlarmReport(db: TDb, id: number) {
  const r = await db.alarmReport.findUnique({ where: { id }, select: SELECT });
  if (!r) throw new AppError("NOT_FOUND", `no alarm report ${id}`);
  return view(r);
}
