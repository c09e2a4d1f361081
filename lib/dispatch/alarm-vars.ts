import type { TTemplateVars } from "./template-render.ts";

/** The alarm fields messages are made of (one row of the dispatcher's queries). */
export type TAlarmRow = {
  alarmId: number;
  source: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  severity: string;
  systemId: number | null;
  customerId: number | null;
  productId: string | null;
  maintObject: string | null;
  port: string | null;
  altName: string | null;
  description: string | null;
  firstSeenAt: Date;
  count: number;
  systemName: string | null;
  customerName: string | null;
};

/** SELECT list giving a TAlarmRow from `"Alarm" a LEFT JOIN "System" s LEFT JOIN "Customer" cu`. */
export const ALARM_ROW_COLUMNS = `a.id AS "alarmId", a.source::text AS source, a.status::text AS status, a.severity::text AS severity,
  a."systemId", s."customerId", a."productId", a."maintObject", a.port, a."altName", a.description, a."firstSeenAt", a.count,
  s.name AS "systemName", cu.name AS "customerName"`;
export const ALARM_ROW_JOINS = `LEFT JOIN "System" s ON s.id = a."systemId" LEFT JOIN "Customer" cu ON cu.id = s."customerId"`;

export function alarmVars(
  a: TAlarmRow,
  extra: { kind: "ALARM" | "RESOLVED"; level: number; link: string; ackLink: string },
): TTemplateVars {
  return {
    customer: a.customerName ?? "(no customer)",
    system: a.systemName ?? `(unknown system ${a.productId ?? "?"})`,
    productId: a.productId ?? "",
    severity: a.severity,
    mo: a.maintObject ?? "",
    port: a.port ?? "",
    altName: a.altName ?? "",
    description: a.description ?? "",
    code: extra.kind === "RESOLVED" ? "RES" : a.source === "TEST" ? "TST" : "ACT",
    level: extra.kind === "RESOLVED" ? "R" : String(extra.level),
    firstSeen: `${a.firstSeenAt.toISOString().replace("T", " ").slice(0, 19)} UTC`,
    count: String(a.count),
    alarmId: String(a.alarmId),
    link: extra.link,
    ackLink: extra.ackLink,
  };
}
