import { z } from "zod";

/** The alarm fields escalation policies, silences and templates look at. */
export type TAlarmFacts = {
  source: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  severity: string;
  systemId: number | null;
  customerId: number | null;
  maintObject: string | null;
};

/** `DS1*`, `?NL-LINE`: shell-style, case-insensitive, over the whole maintenance object name. */
export function globMatches(pattern: string, value: string | null): boolean {
  if (!pattern.trim()) return true;
  if (value == null) return false;
  const re = pattern
    .trim()
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${re}$`, "i").test(value.trim());
}

export type TMatch = { severities?: string[]; customerId?: number | null; systemId?: number | null; maintObject?: string | null };

export function matchesAlarm(m: TMatch, a: TAlarmFacts): boolean {
  if (m.severities?.length && !m.severities.includes(a.severity)) return false;
  if (m.customerId != null && m.customerId !== a.customerId) return false;
  if (m.systemId != null && m.systemId !== a.systemId) return false;
  if (m.maintObject && !globMatches(m.maintObject, a.maintObject)) return false;
  return true;
}

export type TSilence = TMatch & { id: number; startsAt: Date; endsAt: Date; comment: string | null };

/** The silence in force for this alarm at `now`, if any. */
export function activeSilence(silences: TSilence[], a: TAlarmFacts, now: Date): TSilence | undefined {
  return silences.find((s) => s.startsAt <= now && now < s.endsAt && matchesAlarm({ ...s, severities: [] }, a));
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time as HH:MM (24 h)");

/** A contact's duty hours: on the given weekdays (0 = Sunday), from–to local time; to < from runs past midnight. */
export const ZDutyHours = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1, "pick at least one day"),
  from: HHMM,
  to: HHMM,
  timeZone: z.string().refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: "unknown time zone (expected e.g. Europe/Berlin)" },
  ),
});
export type TDutyHours = z.infer<typeof ZDutyHours>;

const DAY = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 } as Record<string, number>;

export function onDuty(hours: TDutyHours | null | undefined, now: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: hours.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = DAY[get("weekday")] ?? 0;
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  const [fh, fm] = hours.from.split(":").map(Number) as [number, number];
  const [th, tm] = hours.to.split(":").map(Number) as [number, number];
  const from = fh * 60 + fm;
  const to = th * 60 + tm;
  if (from === to) return hours.days.includes(day);
  if (from < to) return hours.days.includes(day) && minutes >= from && minutes < to;
  // Overnight shift: the part after midnight belongs to the day the shift started.
  if (minutes >= from) return hours.days.includes(day);
  return minutes < to && hours.days.includes((day + 6) % 7);
}
