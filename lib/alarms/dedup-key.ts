import type { TAlarmInput } from "./alarm-input.ts";

const norm = (v: string | null | undefined) => (v ?? "").trim().toUpperCase();

/** The dedup key of DOMAIN.md: product ID, maintenance object, port, alarm type. */
export function dedupKeyOf(a: Pick<TAlarmInput, "productId" | "maintObject" | "port" | "alarmType" | "severity" | "dedupKey">): string {
  if (a.dedupKey) return a.dedupKey;
  const type = norm(a.alarmType) || a.severity;
  return ["A", norm(a.productId), norm(a.maintObject), norm(a.port), type].join("|");
}
