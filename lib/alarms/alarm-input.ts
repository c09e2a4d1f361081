import { z } from "zod";
import { ALARM_FIELD_MAX as M } from "./field-rules.ts";

export const ZSeverity = z.enum(["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"]);
export const ZAlarmSource = z.enum(["SNMP", "INADS", "API", "TEST"]);
export const ZAlarmStatus = z.enum(["ACTIVE", "ACKNOWLEDGED", "RESOLVED"]);
export type TSeverity = z.infer<typeof ZSeverity>;
export type TAlarmSource = z.infer<typeof ZAlarmSource>;

const field = (max: number) => z.string().trim().max(max).optional().nullable();

/**
 * One alarm report in Klaxon's single shape, whatever carried it (trap, INADS call, API).
 * `dedupKey` may be given by a decoder that knows better (e.g. generic traps key on OID + varbinds);
 * otherwise it is derived from product ID, maintenance object, port and alarm type.
 */
export const ZAlarmInput = z.object({
  source: ZAlarmSource,
  productId: z.string().trim().max(M.productId).optional().nullable(),
  severity: ZSeverity,
  alarmNumber: field(M.alarmNumber),
  maintObject: field(M.maintObject),
  port: field(M.port),
  onBoard: z.boolean().optional().nullable(),
  altName: field(M.altName),
  alarmType: field(M.alarmType),
  description: field(M.description),
  svcState: field(M.svcState),
  raw: z.unknown().optional(),
  occurredAt: z.coerce.date().optional(),
  dedupKey: z.string().max(M.dedupKey).optional(),
});
export type TAlarmInput = z.infer<typeof ZAlarmInput>;

/** A report that resolves alarms instead of raising one (SNMP alarmClear/alarmResolved, INADS RES/CLR). */
export const ZAlarmClear = z.object({
  source: ZAlarmSource,
  productId: z.string().trim().max(32),
  /** Resolve the alarm with this number (SNMP clears name it). */
  alarmNumber: field(32),
  /** Resolve the alarm with this dedup key (INADS resolved records). */
  dedupKey: z.string().max(512).optional(),
  /** Resolve every unresolved alarm of the system (INADS "all clear"). */
  all: z.boolean().optional(),
  raw: z.unknown().optional(),
  occurredAt: z.coerce.date().optional(),
});
export type TAlarmClear = z.infer<typeof ZAlarmClear>;

/** A system event that is not an alarm: restarts, connection state traps. */
export const ZSystemEventInput = z.object({
  source: ZAlarmSource,
  productId: z.string().trim().max(32).optional().nullable(),
  kind: z.string().max(64),
  message: z.string().max(2000),
  raw: z.unknown().optional(),
});
export type TSystemEventInput = z.infer<typeof ZSystemEventInput>;
