import type { TAlarmInput, TSeverity } from "../alarms/index.ts";
import { dedupKeyOf, G3_COLUMNS } from "../alarms/index.ts";

/** g3alarmsEntry: the conceptual row of the system's alarm table (G3-AVAYA-MIB). */
export const G3_ALARMS_ENTRY = "1.3.6.1.4.1.6889.2.8.1.4.6.1";

/** Column number → field, from the column OIDs in DOMAIN.md (one place: G3_COLUMNS). */
const COLUMN_FIELDS = {
  port: G3_COLUMNS.port,
  maintObject: G3_COLUMNS.maintObject,
  onBoard: G3_COLUMNS.onBoard,
  altName: G3_COLUMNS.altName,
  alarmType: G3_COLUMNS.alarmType,
  svcState: G3_COLUMNS.svcState,
  ack: G3_COLUMNS.ack,
  alarmNumber: G3_COLUMNS.alarmNumber,
  productId: G3_COLUMNS.productId,
} as const;
type TColumnField = keyof typeof COLUMN_FIELDS;
const FIELD_BY_COLUMN = new Map(
  Object.entries(COLUMN_FIELDS).map(([field, oid]) => [oid.slice(G3_ALARMS_ENTRY.length + 1), field as TColumnField]),
);

/** One row of the polled table, as text (values are OctetStrings on a CM). */
export type TPolledAlarm = { index: string } & Partial<Record<TColumnField, string>>;

export type TWalkedVarbind = { oid: string; value: string };

/**
 * Varbinds of a walk of g3alarmsEntry (`<entry>.<column>.<index>`) → rows keyed by index.
 * Columns Klaxon does not know are ignored; varbinds outside the entry are ignored.
 */
export function rowsFromVarbinds(varbinds: TWalkedVarbind[]): TPolledAlarm[] {
  const rows = new Map<string, TPolledAlarm>();
  const prefix = `${G3_ALARMS_ENTRY}.`;
  for (const vb of varbinds) {
    if (!vb.oid.startsWith(prefix)) continue;
    const m = /^(\d+)\.(.+)$/.exec(vb.oid.slice(prefix.length));
    if (!m) continue;
    const field = FIELD_BY_COLUMN.get(m[1] as string);
    if (!field) continue;
    const index = m[2] as string;
    const row = rows.get(index) ?? { index };
    row[field] = vb.value.trim();
    rows.set(index, row);
  }
  return [...rows.values()];
}

/** The table's alarm type column as a severity ("MAJOR", "min", "WRN" …); unknown types stay visible as MAJOR. */
export function severityOfAlarmType(alarmType: string | undefined): TSeverity {
  const t = (alarmType ?? "").trim().toUpperCase();
  if (t.startsWith("CRIT")) return "CRITICAL";
  if (t.startsWith("MAJ")) return "MAJOR";
  if (t.startsWith("MIN")) return "MINOR";
  if (t.startsWith("WAR") || t === "WRN") return "WARNING";
  return "MAJOR";
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/**
 * A polled row as an alarm report. Fields are normalised exactly as the trap decoder does
 * (alarm type upper-cased, on-board from y/n), so a polled alarm and its trap share a dedup key.
 * The product ID is the polled system's: the agent answered at its address.
 */
export function polledRowToAlarm(row: TPolledAlarm, productId: string): TAlarmInput {
  const maintObject = orNull(row.maintObject);
  const port = orNull(row.port);
  const altName = orNull(row.altName);
  const alarmType = orNull(row.alarmType)?.toUpperCase() ?? null;
  const severity = severityOfAlarmType(row.alarmType);
  const where = [maintObject, port, altName ? `(${altName})` : null].filter(Boolean).join(" ");
  return {
    source: "SNMP",
    productId,
    severity,
    alarmNumber: orNull(row.alarmNumber) ?? row.index,
    maintObject,
    port,
    onBoard: row.onBoard ? /^y/i.test(row.onBoard) : null,
    altName,
    alarmType,
    svcState: orNull(row.svcState),
    description: `${severity.charAt(0)}${severity.slice(1).toLowerCase()} alarm found by polling: ${where || `alarm ${row.index}`}`,
    raw: { kind: "snmp-poll", entry: G3_ALARMS_ENTRY, row },
  };
}

/** An open SNMP alarm of the polled system; `touched`: a trap updated it after the poll began. */
export type TOpenAlarm = { id: number; dedupKey: string; alarmNumber: string | null; touched: boolean };

/**
 * What a poll means: rows with no open alarm (by dedup key or alarm number) are raised; open
 * alarms matching no row are resolved, unless a trap touched them after the poll began (the
 * table was read before that trap, so its absence there proves nothing).
 */
export function reconcileAlarms({ polled, open }: { polled: TAlarmInput[]; open: TOpenAlarm[] }): {
  raise: TAlarmInput[];
  resolveIds: number[];
} {
  const polledKeys = new Set(polled.map((a) => dedupKeyOf(a)));
  const polledNumbers = new Set(polled.map((a) => a.alarmNumber).filter((n): n is string => !!n));
  const openKeys = new Set(open.map((a) => a.dedupKey));
  const openNumbers = new Set(open.map((a) => a.alarmNumber).filter((n): n is string => !!n));
  return {
    raise: polled.filter((a) => !openKeys.has(dedupKeyOf(a)) && !(a.alarmNumber && openNumbers.has(a.alarmNumber))),
    resolveIds: open
      .filter((a) => !a.touched && !polledKeys.has(a.dedupKey) && !(a.alarmNumber && polledNumbers.has(a.alarmNumber)))
      .map((a) => a.id),
  };
}
