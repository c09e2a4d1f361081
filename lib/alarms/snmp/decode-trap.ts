import { createHash } from "node:crypto";
import type { TAlarmInput } from "../alarm-input.ts";
import type { TIngestItem } from "../ingest.ts";
import type { TTrap, TVarbind } from "./trap.ts";
import { INADS_TEST_DESCRIPTION } from "../inads/to-intake.ts";
import { G3_COLUMNS, TEST_ALARM_MATCH, type TTrapDefinition, type TTrapField, trapDefinitionFor } from "./trap-definitions.ts";

export type TDecodedTrap =
  | { ok: true; item: TIngestItem; productId: string | null; definition: string | null }
  | { ok: false; reason: string; productId: string | null };

export type TDecodeOptions = {
  /** Product ID of the system at this address, for traps that do not name one (generic traps). */
  productIdByAddress?: (address: string) => string | undefined;
};

// Runs for every field of every trap: compares in place instead of building `${column}.`.
const matches = (oid: string, column: string) =>
  oid.startsWith(column) && (oid.length === column.length || oid.charCodeAt(column.length) === 46);

function fieldValue(varbinds: TVarbind[], column: string | undefined): string | null {
  if (!column) return null;
  const v = varbinds.find((vb) => matches(vb.oid, column))?.value.trim();
  return v ? v : null;
}

function fields(varbinds: TVarbind[], def: Partial<Record<TTrapField, string>>): Record<TTrapField, string | null> {
  const out = {} as Record<TTrapField, string | null>;
  for (const f of Object.keys(def) as TTrapField[]) out[f] = fieldValue(varbinds, def[f]);
  return out;
}

const hostOf = (remote: string) => remote.replace(/:\d+$/, "");

export const HIDDEN_COMMUNITY = "(hidden)";

/** What a technician sees in the alarm detail and what `q` searches: the whole trap as text. */
export function rawOfTrap(trap: TTrap, definition: TTrapDefinition | undefined) {
  return {
    kind: "snmp-trap",
    version: trap.version,
    pdu: trap.pdu,
    // The community vouches for v1/v2c traps: a secret, not shown to whoever reads alarms.
    community: trap.community === undefined ? undefined : HIDDEN_COMMUNITY,
    user: trap.user,
    remote: trap.remote,
    trapOid: trap.trapOid,
    trapName: definition?.name ?? null,
    upTime: trap.upTime,
    receivedAt: trap.receivedAt.toISOString(),
    varbinds: trap.varbinds,
  };
}

// Timestamps differ between otherwise identical traps, so they never take part in identity.
const isTimestamp = (v: TVarbind) =>
  v.type === "TimeTicks" || matches(v.oid, "1.3.6.1.2.1.1.3") || matches(v.oid, G3_COLUMNS.restartDateTime);

/** Identical traps (same OID and varbinds, timestamps aside, same sender) share one key. */
export function genericDedupKey(trap: TTrap, sender: string): string {
  const vbs = trap.varbinds
    .filter((v) => !isTimestamp(v))
    .map((v) => `${v.oid}=${v.type}:${v.value}`)
    .sort();
  const h = createHash("sha256")
    .update([trap.trapOid, sender, ...vbs].join("\n"))
    .digest("base64url");
  return `T|${h}`;
}

function describe(title: string, parts: (string | null)[]): string {
  return [title, ...parts.filter(Boolean)].join(" ").slice(0, 2000);
}

function productIdOf(trap: TTrap, named: string | null, opts: TDecodeOptions): string | null {
  return named ?? opts.productIdByAddress?.(hostOf(trap.remote)) ?? null;
}

const isTestAlarm = (f: Record<TTrapField, string | null>) =>
  (TEST_ALARM_MATCH.maintObjects as readonly string[]).includes((f.maintObject ?? "").toUpperCase()) ||
  (TEST_ALARM_MATCH.alarmTypes as readonly string[]).includes((f.alarmType ?? "").toUpperCase());

/** A test alarm by trap: stored as source TEST (never notifies), matched to the system's pending INADS link test. */
function decodeTestAlarm(trap: TTrap, def: TTrapDefinition, f: Record<TTrapField, string | null>, productId: string | null): TDecodedTrap {
  const alarm: TAlarmInput = {
    source: "TEST",
    productId,
    severity: "INFO",
    alarmNumber: f.alarmNumber,
    alarmType: "TEST",
    description: INADS_TEST_DESCRIPTION,
    raw: rawOfTrap(trap, def),
    occurredAt: trap.receivedAt,
  };
  return { ok: true, item: { kind: "raise", alarm }, productId, definition: def.name };
}

function decodeRaise(trap: TTrap, def: TTrapDefinition, opts: TDecodeOptions): TDecodedTrap {
  const f = fields(trap.varbinds, def.fields);
  const productId = productIdOf(trap, f.productId, opts);
  if (isTestAlarm(f)) return decodeTestAlarm(trap, def, f, productId);
  const onBoard = f.onBoard ? /^y/i.test(f.onBoard) : null;
  const raw = rawOfTrap(trap, def);
  const where = [f.maintObject, f.port, f.altName ? `(${f.altName})` : null];
  const alarm: TAlarmInput = {
    source: "SNMP",
    productId,
    severity: def.severity ?? "WARNING",
    alarmNumber: f.alarmNumber,
    maintObject: f.maintObject,
    port: f.port,
    onBoard,
    altName: f.altName,
    alarmType: f.alarmType?.toUpperCase() ?? null,
    svcState: f.svcState,
    description: f.description ? describe(f.description, where) : describe(`${def.title}:`, where),
    raw,
    occurredAt: trap.receivedAt,
    // Without an MO or port the DOMAIN key would lump unrelated alarms of one system together.
    dedupKey: f.maintObject || f.port ? undefined : genericDedupKey(trap, productId ?? hostOf(trap.remote)),
  };
  return { ok: true, item: { kind: "raise", alarm }, productId, definition: def.name };
}

function decodeClear(trap: TTrap, def: TTrapDefinition, opts: TDecodeOptions): TDecodedTrap {
  const f = fields(trap.varbinds, def.fields);
  const productId = productIdOf(trap, f.productId, opts);
  if (!productId) return { ok: false, reason: `${def.name} without a product ID`, productId: null };
  if (!f.alarmNumber) return { ok: false, reason: `${def.name} without an alarm number`, productId };
  const item: TIngestItem = {
    kind: "clear",
    clear: { source: "SNMP", productId, alarmNumber: f.alarmNumber, raw: rawOfTrap(trap, def), occurredAt: trap.receivedAt },
  };
  return { ok: true, item, productId, definition: def.name };
}

function decodeEvent(trap: TTrap, def: TTrapDefinition, opts: TDecodeOptions): TDecodedTrap {
  const f = fields(trap.varbinds, def.fields);
  const productId = productIdOf(trap, f.productId, opts);
  const details = trap.varbinds
    .filter((v) => !matches(v.oid, G3_COLUMNS.productId) && !matches(v.oid, G3_COLUMNS.clientName) && v.value)
    .map((v) => v.value);
  const message = describe(`${def.title}${f.clientName ? ` (${f.clientName})` : ""}`, details.length ? [`: ${details.join(", ")}`] : []);
  const item: TIngestItem = { kind: "event", event: { source: "SNMP", productId, kind: def.name, message, raw: rawOfTrap(trap, def) } };
  return { ok: true, item, productId, definition: def.name };
}

function decodeGeneric(trap: TTrap, opts: TDecodeOptions): TDecodedTrap {
  const productId = productIdOf(trap, fieldValue(trap.varbinds, G3_COLUMNS.productId), opts);
  const values = trap.varbinds.filter((v) => !isTimestamp(v)).map((v) => `${v.oid}=${v.value}`);
  const alarm: TAlarmInput = {
    source: "SNMP",
    productId,
    severity: "WARNING",
    alarmType: null,
    description: describe(`Trap ${trap.trapOid}`, values.length ? [`: ${values.join(", ")}`] : []),
    raw: rawOfTrap(trap, undefined),
    occurredAt: trap.receivedAt,
    dedupKey: genericDedupKey(trap, productId ?? hostOf(trap.remote)),
  };
  return { ok: true, item: { kind: "raise", alarm }, productId, definition: null };
}

/** A trap as one intake item, through its definition; unknown traps become generic alarms. */
export function decodeTrap(trap: TTrap, opts: TDecodeOptions = {}): TDecodedTrap {
  const def = trapDefinitionFor(trap.trapOid);
  if (!def) return decodeGeneric(trap, opts);
  switch (def.action) {
    case "raise":
      return decodeRaise(trap, def, opts);
    case "clear":
      return decodeClear(trap, def, opts);
    case "event":
      return decodeEvent(trap, def, opts);
  }
}
