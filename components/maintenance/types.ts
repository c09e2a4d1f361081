/** Row shapes the maintenance components show (dates arrive as Date over superjson, strings over JSON). */
export type TKind = "ALARM_REPORT" | "ARCHIVE" | "BACKUP";
type TDate = Date | string;

export type TRun = {
  id: number;
  kind: TKind;
  status: "RUNNING" | "PASSED" | "FAILED" | "ERROR";
  nodeName: string;
  trigger: string;
  startedAt: TDate;
  finishedAt: TDate | null;
  detail: string | null;
  result: unknown;
};

export type TRoutine = {
  kind: TKind;
  enabled: boolean;
  schedule: string;
  settings: Record<string, unknown>;
  nextWindowAt: TDate;
  lastRun: TRun | null;
};

export type TAlarmReport = {
  id: number;
  name: string;
  recipients: string[];
  frequency: "DAILY" | "WEEKLY" | "MONTHLY";
  filter: { customerId?: number | null; systemId?: number | null; severity?: string[] | null };
  enabled: boolean;
  lastSentAt: TDate | null;
};

export type TReportSend = {
  id: number;
  reportName: string;
  frequency: string;
  periodStart: TDate;
  periodEnd: TDate;
  recipients: string[];
  status: string;
  error: string | null;
  alarmCount: number;
  createdAt: TDate;
  sentAt: TDate | null;
};

export const ROUTINE_TITLE: Record<TKind, string> = {
  ALARM_REPORT: "Auto alarm reporting",
  ARCHIVE: "Auto archiving",
  BACKUP: "Auto backups",
};

export function stamp(d: TDate | null | undefined): string {
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
