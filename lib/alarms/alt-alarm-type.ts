import type { TDb } from "../db/index.ts";
import type { TIngestContext, TIngestItem } from "./ingest.ts";
import { recordRejects } from "./rejected-intake.ts";

/**
 * Alternate alarm types (Dispatcher → alternate alarm type per maintenance object, optionally per
 * system): MAJOR/MINOR/WARNING replace the severity before the alarm is stored, DROP keeps it out
 * of the database (counted under Rejected intake as "dropped by rule"), NONE is stored as is
 * and never notified (the dispatcher checks it).
 */
type TRule = { alarmType: "MAJOR" | "MINOR" | "WARNING" | "NONE" | "DROP" };

// Every intake batch consults the rules; a short cache keeps that off the database. A change
// made on this node applies at once (forgetAltAlarmTypes), on other nodes within CACHE_MS.
const CACHE_MS = 1000;
let cache: { at: number; rules: Map<string, TRule> } | undefined;

export function forgetAltAlarmTypes(): void {
  cache = undefined;
}

const ruleKey = (productId: string | null | undefined, mo: string) => `${productId ?? "*"}\u0000${mo.trim().toUpperCase()}`;

async function rules(db: TDb): Promise<Map<string, TRule>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.rules;
  const rows = await db.$queryRawUnsafe<
    { maintObject: string; alarmType: TRule["alarmType"]; productId: string | null; systemId: number | null }[]
  >(
    `SELECT m."maintObject", m."alarmType"::text AS "alarmType", s."productId", m."systemId"
     FROM "MoOverride" m LEFT JOIN "System" s ON s.id = m."systemId"`,
  );
  const map = new Map<string, TRule>();
  // A rule for a system that no longer exists applies to nothing (not to every system).
  for (const r of rows) if (r.systemId == null || r.productId) map.set(ruleKey(r.productId, r.maintObject), { alarmType: r.alarmType });
  cache = { at: Date.now(), rules: map };
  return map;
}

/** The rule for an alarm: the system's own first, then the one for every system. */
export function altAlarmTypeOf(
  map: Map<string, TRule>,
  productId: string | null | undefined,
  mo: string | null | undefined,
): TRule | undefined {
  if (!mo) return undefined;
  return (productId ? map.get(ruleKey(productId, mo)) : undefined) ?? map.get(ruleKey(null, mo));
}

/** Applies the rules to a batch before it is stored: severities overridden, DROP items recorded as rejected. */
export async function applyAltAlarmTypes(db: TDb, items: TIngestItem[], ctx: TIngestContext): Promise<TIngestItem[]> {
  const map = await rules(db);
  if (map.size === 0) return items;
  const kept: TIngestItem[] = [];
  const dropped: TIngestItem[] = [];
  for (const item of items) {
    const rule = item.kind === "raise" ? altAlarmTypeOf(map, item.alarm.productId, item.alarm.maintObject) : undefined;
    if (item.kind !== "raise" || !rule || rule.alarmType === "NONE") kept.push(item);
    else if (rule.alarmType === "DROP") dropped.push(item);
    else kept.push({ ...item, alarm: { ...item.alarm, severity: rule.alarmType } });
  }
  if (dropped.length) {
    await recordRejects(
      db,
      dropped.map((d) => {
        const a = (d as Extract<TIngestItem, { kind: "raise" }>).alarm;
        return {
          source: a.source,
          reason: `dropped by rule: alternate alarm type DROP for maintenance object ${a.maintObject}${a.productId ? ` (product ID ${a.productId})` : ""}`,
          raw: JSON.stringify(a),
        };
      }),
      { nodeName: ctx.nodeName, keep: 10_000 },
    );
  }
  return kept;
}
