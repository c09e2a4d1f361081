import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { createQueuedRun } from "./enqueue-run.ts";
import type { TRunRequest } from "./request-task.ts";
import { DEFAULT_REPORT_COMMANDS, ZSatCommand } from "./sat-commands.ts";
import { isDue, openWindowStart, type TTaskWindow } from "./task-window.ts";

export const ZFrequency = z.enum(["NIGHTLY", "WEEKLY", "MONTHLY"]);

export const ZConfigScheduleInput = z.object({
  systemId: ZId,
  frequency: ZFrequency,
  commands: z.array(ZSatCommand).min(1).max(20).optional(),
  enabled: z.boolean().optional(),
});
export const ZInadsScheduleInput = z.object({ systemId: ZId, frequency: ZFrequency, enabled: z.boolean().optional() });

async function systemName(db: TDb, id: number): Promise<string> {
  const s = await db.system.findUnique({ where: { id }, select: { name: true } });
  if (!s) throw new AppError("NOT_FOUND", `no system ${id}`);
  return s.name;
}

/** configSchedule.set: a system's configuration report schedule (commands default to the list). */
export async function setConfigSchedule(db: TDb, input: z.input<typeof ZConfigScheduleInput>) {
  const { systemId, frequency, commands, enabled } = ZConfigScheduleInput.parse(input);
  await systemName(db, systemId);
  const data = { frequency, ...(commands ? { commands } : {}), ...(enabled !== undefined ? { enabled } : {}) };
  return db.configReportSchedule.upsert({
    where: { systemId },
    create: { systemId, frequency, commands: commands ?? [...DEFAULT_REPORT_COMMANDS], enabled: enabled ?? true },
    update: data,
    select: { id: true, systemId: true, frequency: true, commands: true, enabled: true, lastRunAt: true },
  });
}

/** A system's INADS link test schedule. */
export async function setInadsSchedule(db: TDb, input: z.input<typeof ZInadsScheduleInput>) {
  const { systemId, frequency, enabled } = ZInadsScheduleInput.parse(input);
  await systemName(db, systemId);
  return db.inadsTestSchedule.upsert({
    where: { systemId },
    create: { systemId, frequency, enabled: enabled ?? true },
    update: { frequency, ...(enabled !== undefined ? { enabled } : {}) },
    select: { systemId: true, frequency: true, enabled: true, lastRunAt: true },
  });
}

export async function getSchedules(db: TDb, { systemId }: { systemId: number }) {
  const [config, inads] = await Promise.all([
    db.configReportSchedule.findUnique({
      where: { systemId },
      select: { id: true, frequency: true, commands: true, enabled: true, lastRunAt: true },
    }),
    db.inadsTestSchedule.findUnique({ where: { systemId }, select: { frequency: true, enabled: true, lastRunAt: true } }),
  ]);
  return { config, inads };
}

type TDueRow = { id: number; systemId: number; frequency: "NIGHTLY" | "WEEKLY" | "MONTHLY"; lastRunAt: Date | null };

/**
 * Queues the scheduled configuration reports and INADS link tests that are due in the open
 * window (the primary calls this every slot). A schedule is claimed by moving its lastRunAt in
 * the same transaction that queues the run, on the condition that nobody moved it first, so
 * two primaries (or two slots) queue it once.
 */
export async function queueDueSchedules(db: TDb, { window, now = new Date() }: { window: TTaskWindow; now?: Date }) {
  const opened = openWindowStart(window, now);
  if (!opened) return { reports: [] as number[], tests: [] as number[] };
  const reports: number[] = [];
  const tests: number[] = [];
  const configs = await db.$queryRawUnsafe<(TDueRow & { commands: string[] })[]>(
    `SELECT c.id, c."systemId", c.frequency::text AS frequency, c."lastRunAt", c.commands FROM "ConfigReportSchedule" c
     JOIN "System" s ON s.id = c."systemId" WHERE c.enabled AND s.enabled`,
  );
  for (const c of configs.filter((c) => isDue(c.frequency, c.lastRunAt, opened))) {
    const id = await claimAndQueue(db, c, "ConfigReportSchedule", "CONFIG_REPORT", {
      trigger: "SCHEDULE",
      scheduleId: c.id,
      commands: c.commands.length ? c.commands : [...DEFAULT_REPORT_COMMANDS],
    });
    if (id) reports.push(id);
  }
  const inads = await db.$queryRawUnsafe<TDueRow[]>(
    `SELECT i."systemId" AS id, i."systemId", i.frequency::text AS frequency, i."lastRunAt" FROM "InadsTestSchedule" i
     JOIN "System" s ON s.id = i."systemId" WHERE i.enabled AND s.enabled
       AND NOT EXISTS (SELECT 1 FROM "TaskRun" r WHERE r."systemId" = i."systemId" AND r.kind = 'INADS_TEST' AND r.status IN ('QUEUED', 'RUNNING'))`,
  );
  for (const i of inads.filter((i) => isDue(i.frequency, i.lastRunAt, opened))) {
    const id = await claimAndQueue(db, i, "InadsTestSchedule", "INADS_TEST", { trigger: "SCHEDULE", commands: ["test inads-link"] });
    if (id) tests.push(id);
  }
  return { reports, tests };
}

async function claimAndQueue(
  db: TDb,
  row: TDueRow,
  table: "ConfigReportSchedule" | "InadsTestSchedule",
  kind: "CONFIG_REPORT" | "INADS_TEST",
  request: TRunRequest,
): Promise<number | null> {
  const key = table === "ConfigReportSchedule" ? "id" : "systemId";
  return db.$transaction(async (t) => {
    const tx = t as TDb;
    const claimed = await tx.$queryRawUnsafe<{ connectionType: "MODEM" | "RAS_PPP" | "DIRECT_IP" }[]>(
      `UPDATE "${table}" x SET "lastRunAt" = (now() AT TIME ZONE 'UTC') FROM "System" s
       WHERE x."${key}" = $1 AND s.id = x."systemId" AND x."lastRunAt" IS NOT DISTINCT FROM $2::timestamp(3)
       RETURNING s."connectionType"::text AS "connectionType"`,
      row.id,
      row.lastRunAt?.toISOString() ?? null,
    );
    const c = claimed[0];
    if (!c) return null;
    const run = await createQueuedRun(tx, {
      kind,
      systemId: row.systemId,
      connectionType: c.connectionType,
      request,
      requestedBy: "schedule",
    });
    return run.id;
  });
}
