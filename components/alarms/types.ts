import type { TApiOutputs } from "@/lib/api/api-types.ts";

/** A board row exactly as alarm.list returns it (superjson: the dates are Dates). */
export type TAlarmRow = TApiOutputs["alarm"]["list"]["items"][number];

export const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
export const STATUSES = ["ACTIVE", "ACKNOWLEDGED", "RESOLVED"] as const;
export const SOURCES = ["SNMP", "INADS", "API", "TEST"] as const;
export type TSeverity = (typeof SEVERITIES)[number];

export function when(d: string | Date | null | undefined): string {
  if (!d) return "";
  const date = new Date(d);
  return date.toLocaleString(undefined, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** How long ago, as a desk says it: "now", "12 min", "3 h", "2 d". */
export function age(d: string | Date, now: number = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(d).getTime()) / 1000));
  if (s < 60) return s < 10 ? "now" : `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

export function systemLabel(a: Pick<TAlarmRow, "systemName" | "productId">): string {
  return a.systemName ?? `Unknown (${a.productId ?? "no product ID"})`;
}

/** What the alarm is about: its description, else (API alarms often have none) its maintenance object. */
export function summary(a: Pick<TAlarmRow, "description" | "maintObject" | "alarmType">): string {
  return a.description || a.maintObject || a.alarmType || "—";
}
