import type { TDb } from "../db/index.ts";
import { activeSilence } from "./match.ts";
import { loadActiveSilences } from "./silences.ts";

export type TSilencedBy = { id: number; comment: string | null; endsAt: Date } | null;

type TAlarmLike = { status: string; source: string; severity: string; systemId: number | null; maintObject: string | null };

/**
 * Each alarm with `silencedBy`: the silence in force for it right now (the one that keeps its
 * escalation from notifying), or null. Resolved alarms are never shown as silenced.
 */
export async function withSilencedBy<T extends TAlarmLike>(
  db: TDb,
  alarms: T[],
  now = new Date(),
): Promise<(T & { silencedBy: TSilencedBy })[]> {
  const silences = alarms.some((a) => a.status !== "RESOLVED") ? await loadActiveSilences(db, now) : [];
  if (silences.length === 0) return alarms.map((a) => ({ ...a, silencedBy: null }));
  // Silences may match on customer: alarms carry only their system.
  const systemIds = [...new Set(alarms.flatMap((a) => (a.systemId == null ? [] : [a.systemId])))];
  const systems = await db.system.findMany({ where: { id: { in: systemIds } }, select: { id: true, customerId: true } });
  const customerOf = new Map(systems.map((s) => [s.id, s.customerId]));
  return alarms.map((a) => {
    if (a.status === "RESOLVED") return { ...a, silencedBy: null };
    const s = activeSilence(
      silences,
      {
        source: a.source,
        status: a.status as "ACTIVE" | "ACKNOWLEDGED",
        severity: a.severity,
        systemId: a.systemId,
        customerId: a.systemId == null ? null : (customerOf.get(a.systemId) ?? null),
        maintObject: a.maintObject,
      },
      now,
    );
    return { ...a, silencedBy: s ? { id: s.id, comment: s.comment, endsAt: s.endsAt } : null };
  });
}
