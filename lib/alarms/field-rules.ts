import { createHash } from "node:crypto";
import type { TAlarmClear, TAlarmInput, TSystemEventInput } from "./alarm-input.ts";
import type { TIngestItem } from "./ingest.ts";

/** Longest text kept per alarm field; the API's zod schema refuses more, intake cuts it (see cutField). */
export const ALARM_FIELD_MAX = {
  productId: 32,
  alarmNumber: 32,
  maintObject: 64,
  port: 32,
  altName: 64,
  alarmType: 32,
  description: 2000,
  svcState: 16,
  dedupKey: 512,
  eventKind: 64,
  eventMessage: 2000,
} as const;

export const CUT_MARKER = "…[cut]";

/** A product ID as Avaya assigns them; anything else is kept (the PBX said it) but not offered as a new system. */
export const isProductId = (v: string | null | undefined): boolean => !!v && /^\d{10}$/.test(v);

// C0/C1 control characters (NUL breaks PostgreSQL text); a multi-line description keeps tab and newline.
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A trap or an INADS record cannot be refused for an over-long field the way an API call is:
 * the PBX will not send it again. The field is cut, with a marker so a reader knows; the raw
 * report keeps every byte.
 */
export function cutField(value: string, max: number, { multiline = false } = {}): string {
  const clean = value.replace(multiline ? CONTROL_TEXT : CONTROL_LINE, "").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - CUT_MARKER.length)}${CUT_MARKER}`;
}

const cut = (v: string | null | undefined, max: number, multiline = false) => (v == null ? v : cutField(v, max, { multiline }));

// A decoder's own dedup key is compared whole: one too long becomes its digest, not a cut prefix
// that two different alarms could share.
const boundKey = (k: string | undefined) =>
  k === undefined || k.length <= ALARM_FIELD_MAX.dedupKey ? k : `H|${createHash("sha256").update(k).digest("hex")}`;

function alarmFields(a: TAlarmInput): TAlarmInput {
  const m = ALARM_FIELD_MAX;
  return {
    ...a,
    productId: cut(a.productId, m.productId),
    alarmNumber: cut(a.alarmNumber, m.alarmNumber),
    maintObject: cut(a.maintObject, m.maintObject),
    port: cut(a.port, m.port),
    altName: cut(a.altName, m.altName),
    alarmType: cut(a.alarmType, m.alarmType),
    description: cut(a.description, m.description, true),
    svcState: cut(a.svcState, m.svcState),
    dedupKey: boundKey(a.dedupKey),
  };
}

function clearFields(c: TAlarmClear): TAlarmClear {
  return {
    ...c,
    productId: cutField(c.productId, ALARM_FIELD_MAX.productId),
    alarmNumber: cut(c.alarmNumber, ALARM_FIELD_MAX.alarmNumber),
    dedupKey: boundKey(c.dedupKey),
  };
}

function eventFields(e: TSystemEventInput): TSystemEventInput {
  return {
    ...e,
    productId: cut(e.productId, ALARM_FIELD_MAX.productId),
    kind: cutField(e.kind, ALARM_FIELD_MAX.eventKind),
    message: cutField(e.message, ALARM_FIELD_MAX.eventMessage, { multiline: true }),
  };
}

/** The same field rules for every intake path (SNMP, INADS, API, the SNMP manager's polls). */
export function applyFieldRules(item: TIngestItem): TIngestItem {
  switch (item.kind) {
    case "raise":
      return { kind: "raise", alarm: alarmFields(item.alarm) };
    case "clear":
      return { kind: "clear", clear: clearFields(item.clear) };
    case "event":
      return { kind: "event", event: eventFields(item.event) };
  }
}
