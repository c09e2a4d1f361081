import type { TApiOutputs } from "@/lib/api/api-types.ts";

/** Row shapes the maintenance components show, exactly as the routers return them (superjson: dates are Dates). */
export type TRoutine = TApiOutputs["maintenance"]["list"][number];
export type TRun = TApiOutputs["maintenance"]["runs"]["items"][number];
export type TKind = TRoutine["kind"];
export type TAlarmReport = TApiOutputs["alarmReport"]["list"][number];
export type TReportSend = TApiOutputs["alarmReport"]["sent"]["items"][number];

export const ROUTINE_TITLE: Record<TKind, string> = {
  ALARM_REPORT: "Auto alarm reporting",
  ARCHIVE: "Auto archiving",
  BACKUP: "Auto backups",
};

export function stamp(d: Date | string | null | undefined): string {
  if (!d) return "";
  return new Date(d).toLocaleString(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}
