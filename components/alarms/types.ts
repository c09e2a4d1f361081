/** The alarm row as the board shows it (dates arrive as ISO strings over JSON). */
export type TAlarmRow = {
  id: number;
  productId: string | null;
  systemId: number | null;
  systemName: string | null;
  customerName: string | null;
  severity: string;
  maintObject: string | null;
  port: string | null;
  altName: string | null;
  alarmType: string | null;
  status: string;
  count: number;
  source: string;
  description: string | null;
  firstSeenAt: string | Date;
  lastSeenAt: string | Date;
  acknowledgedBy: string | null;
};

export const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
export const STATUSES = ["ACTIVE", "ACKNOWLEDGED", "RESOLVED"] as const;
export const SOURCES = ["SNMP", "INADS", "API", "TEST"] as const;

export function when(d: string | Date | null | undefined): string {
  if (!d) return "";
  const date = new Date(d);
  return date.toLocaleString(undefined, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function systemLabel(a: Pick<TAlarmRow, "systemName" | "productId">): string {
  return a.systemName ?? `Unknown (${a.productId ?? "no product ID"})`;
}
