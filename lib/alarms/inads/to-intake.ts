import type { TSeverity } from "../alarm-input.ts";
import { dedupKeyOf } from "../dedup-key.ts";
import type { TIngestItem } from "../ingest.ts";
import type { TInadsRecord } from "./spec.ts";

export const INADS_TEST_DESCRIPTION = "TESTING INADS LINK";
/** The maintenance-object slot of an "unknown alarm call" alarm (one per system, counted). */
export const UNKNOWN_ALARM_CALL_MO = "INADS-CALL";

function severityOf(alarmType: string): TSeverity {
  const t = alarmType.trim().toUpperCase();
  if (t === "MAJOR" || t === "MINOR" || t === "WARNING" || t === "CRITICAL") return t;
  // The system reports only major and minor alarms; anything else is kept visible, not lost.
  return "MAJOR";
}

/**
 * `MM/DD/HH:MM` carries no year: take the receiver's, or last year's when that would put the
 * alarm more than a day in the future (a report received just after New Year).
 */
export function alarmedAtToDate(mmddhhmm: string, now = new Date()): Date | undefined {
  const m = /^(\d\d)\/(\d\d)\/(\d\d):(\d\d)$/.exec(mmddhhmm);
  if (!m) return undefined;
  const [month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  let at = new Date(Date.UTC(now.getUTCFullYear(), month - 1, day, hour, minute));
  if (at.getTime() - now.getTime() > 86_400_000) at = new Date(Date.UTC(now.getUTCFullYear() - 1, month - 1, day, hour, minute));
  return at;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** What an accepted INADS record means to the alarm intake. */
export function inadsRecordToIntake(record: TInadsRecord, frame: string, now = new Date()): TIngestItem {
  const raw = { inads: record, frame };
  const occurredAt = alarmedAtToDate(record.alarmedAt, now);
  const base = {
    productId: record.productId,
    maintObject: orNull(record.maintObject),
    port: orNull(record.port),
    altName: orNull(record.altName),
    alarmType: orNull(record.alarmType?.toUpperCase() ?? ""),
  };
  switch (record.type) {
    case "ACT": {
      const severity = severityOf(record.alarmType);
      const where = base.port ? ` at ${base.port}` : "";
      return {
        kind: "raise",
        alarm: {
          source: "INADS",
          severity,
          ...base,
          onBoard: record.onBoard === "" ? null : record.onBoard === "y",
          description: `${base.maintObject ?? "System"} ${(base.alarmType ?? severity).toLowerCase()} alarm${where}`,
          raw,
          ...(occurredAt ? { occurredAt } : {}),
        },
      };
    }
    case "RES":
      return {
        kind: "clear",
        clear: {
          source: "INADS",
          productId: record.productId,
          dedupKey: dedupKeyOf({ ...base, severity: severityOf(record.alarmType) }),
          raw,
        },
      };
    case "CLR":
      return { kind: "clear", clear: { source: "INADS", productId: record.productId, all: true, raw } };
    case "RST":
      return {
        kind: "event",
        event: {
          source: "INADS",
          productId: record.productId,
          kind: "RESTART",
          message: `Restart reported by INADS call${base.alarmType ? ` (level ${base.alarmType})` : ""}`,
          raw,
        },
      };
    case "TST":
      return {
        kind: "raise",
        alarm: {
          source: "TEST",
          severity: "INFO",
          productId: record.productId,
          alarmType: "TEST",
          description: INADS_TEST_DESCRIPTION,
          raw,
          ...(occurredAt ? { occurredAt } : {}),
        },
      };
  }
}

/**
 * A call from a system's number that connected but carried no readable record. Severity MAJOR:
 * the system only calls out for major and minor alarms (never warnings), restarts and tests, so
 * "this system tried to report something we could not read" may be a major alarm nobody sees
 * otherwise; a NOC should look (display alarms over SAT) rather than wait for the next call.
 * One active alarm per system (fixed MO), its count going up with each such call.
 */
export function unknownAlarmCallToIntake(
  productId: string,
  call: { callingNumber: string; outcome: string; garbage: number; naks: number; callerId?: unknown },
): TIngestItem {
  const what = call.garbage + call.naks > 0 ? `only unreadable data (${call.garbage} noise, ${call.naks} refused frames)` : "no record";
  return {
    kind: "raise",
    alarm: {
      source: "INADS",
      severity: "MAJOR",
      productId,
      maintObject: UNKNOWN_ALARM_CALL_MO,
      alarmType: "UNKNOWN",
      description: `Unknown alarm call from ${call.callingNumber}: the system called and sent ${what} (call ${call.outcome})`,
      raw: { unknownAlarmCall: call },
    },
  };
}
