import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { formatSchedule, nextWindowStart, parseSchedule, type TSchedule, ZSchedule } from "./schedule.ts";

export const MAINTENANCE_KINDS = ["ALARM_REPORT", "ARCHIVE", "BACKUP"] as const;
export const ZMaintenanceKind = z.enum(MAINTENANCE_KINDS);
export type TMaintenanceKind = z.infer<typeof ZMaintenanceKind>;

export const ZArchiveSettings = z.object({
  afterDays: z.number().int().min(1).max(3650).default(90),
  /** Archived alarms older than this many months are deleted; absent/null = kept for ever. */
  purgeAfterMonths: z.number().int().min(1).max(1200).nullish(),
});
export const ZBackupSettings = z.object({
  /** Absolute path on the primary; absent = BACKUP_DIR or <KLAXON_DATA_DIR>/backups. */
  dir: z
    .string()
    .trim()
    .max(500)
    .refine((d) => d.startsWith("/"), "an absolute path on the primary, e.g. /var/backups/klaxon")
    .nullish(),
  keep: z.number().int().min(1).max(1000).default(7),
});
export const ZAlarmReportSettings = z.object({});

export type TArchiveSettings = z.infer<typeof ZArchiveSettings>;
export type TBackupSettings = z.infer<typeof ZBackupSettings>;

const SETTINGS = { ALARM_REPORT: ZAlarmReportSettings, ARCHIVE: ZArchiveSettings, BACKUP: ZBackupSettings } as const;

const DEFAULT_SCHEDULE: Record<TMaintenanceKind, string> = {
  BACKUP: "daily 02:00 UTC",
  ARCHIVE: "daily 03:00 UTC",
  ALARM_REPORT: "daily 06:00 UTC",
};

export type TRoutineSetting<K extends TMaintenanceKind = TMaintenanceKind> = {
  kind: K;
  enabled: boolean;
  schedule: string;
  parsedSchedule: TSchedule;
  settings: z.infer<(typeof SETTINGS)[K]>;
};

function parseOrDefault(kind: TMaintenanceKind, text: string | undefined): TSchedule {
  const parsed = parseSchedule(text ?? DEFAULT_SCHEDULE[kind]);
  return typeof parsed === "string" ? (parseSchedule(DEFAULT_SCHEDULE[kind]) as TSchedule) : parsed;
}

/** A routine's setting (the defaults when it was never changed). */
export async function routineSetting<K extends TMaintenanceKind>(db: TDb, kind: K): Promise<TRoutineSetting<K>> {
  const row = await db.maintenanceSetting.findUnique({ where: { kind: kind as TMaintenanceKind } });
  const parsedSchedule = parseOrDefault(kind, row?.schedule);
  const settings = SETTINGS[kind].safeParse(row?.settings ?? {});
  return {
    kind,
    enabled: row?.enabled ?? true,
    schedule: formatSchedule(parsedSchedule),
    parsedSchedule,
    settings: (settings.success ? settings.data : SETTINGS[kind].parse({})) as TRoutineSetting<K>["settings"],
  };
}

export const ZMaintenanceUpdate = z.object({
  kind: ZMaintenanceKind,
  enabled: z.boolean().optional(),
  schedule: ZSchedule.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

/** Changes a routine's switch, window or settings; settings merge into the current ones and are checked as a whole. */
export async function updateRoutine(db: TDb, input: z.infer<typeof ZMaintenanceUpdate>) {
  // A misspelt key would otherwise be dropped by the parse below and the default saved in silence.
  const known = Object.keys(SETTINGS[input.kind].shape);
  const unknown = Object.keys(input.settings ?? {}).filter((k) => !known.includes(k));
  if (unknown.length)
    throw new AppError(
      "INVALID",
      `settings.${unknown[0]}: not a setting of ${input.kind} (${known.length ? `it has ${known.join(", ")}` : "it has none"})`,
    );
  const current = await routineSetting(db, input.kind);
  const merged = { ...current.settings, ...(input.settings ?? {}) };
  const checked = SETTINGS[input.kind].safeParse(merged);
  if (!checked.success)
    throw new AppError("INVALID", checked.error.issues.map((i) => `settings.${i.path.join(".")}: ${i.message}`).join("; "));
  const data = {
    enabled: input.enabled ?? current.enabled,
    schedule: input.schedule ?? current.schedule,
    settings: checked.data as object,
  };
  await db.maintenanceSetting.upsert({ where: { kind: input.kind }, create: { kind: input.kind, ...data }, update: data });
  return { before: { enabled: current.enabled, schedule: current.schedule, settings: current.settings }, after: data };
}

/** Every routine with its setting and the next window, for the Maintenance page. */
export async function listRoutines(db: TDb, now = new Date()) {
  return Promise.all(
    MAINTENANCE_KINDS.map(async (kind) => {
      const s = await routineSetting(db, kind);
      return {
        kind,
        enabled: s.enabled,
        schedule: s.schedule,
        settings: s.settings as Record<string, unknown>,
        nextWindowAt: nextWindowStart(s.parsedSchedule, now),
      };
    }),
  );
}
