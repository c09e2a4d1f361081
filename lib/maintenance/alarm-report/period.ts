import { localDate, zonedTime } from "../schedule.ts";

export type TFrequency = "DAILY" | "WEEKLY" | "MONTHLY";
export type TPeriod = { start: Date; end: Date; label: string };

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The last complete period before `now`, in `timeZone`: yesterday, last week (Monday to Monday),
 * last month. A scheduled report covers this one, so it goes out once per period whenever the
 * window falls.
 */
export function previousPeriod(frequency: TFrequency, timeZone: string, now: Date): TPeriod {
  const d = localDate(timeZone, now);
  const at = (y: number, m: number, day: number) => {
    const u = new Date(Date.UTC(y, m - 1, day));
    return zonedTime(timeZone, u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate());
  };
  switch (frequency) {
    case "DAILY": {
      const start = at(d.year, d.month, d.day - 1);
      const s = localDate(timeZone, start);
      return { start, end: at(d.year, d.month, d.day), label: `${s.year}-${pad(s.month)}-${pad(s.day)}` };
    }
    case "WEEKLY": {
      const weekday = (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7; // Monday = 0
      const start = at(d.year, d.month, d.day - weekday - 7);
      const s = localDate(timeZone, start);
      return { start, end: at(d.year, d.month, d.day - weekday), label: `week of ${s.year}-${pad(s.month)}-${pad(s.day)}` };
    }
    case "MONTHLY": {
      const start = at(d.year, d.month - 1, 1);
      const s = localDate(timeZone, start);
      return { start, end: at(d.year, d.month, 1), label: `${s.year}-${pad(s.month)}` };
    }
  }
}

/** "Send now": the period of that length that ends now. */
export function periodEndingNow(frequency: TFrequency, now: Date): TPeriod {
  const days = frequency === "DAILY" ? 1 : frequency === "WEEKLY" ? 7 : 30;
  const start = new Date(now.getTime() - days * 86_400_000);
  return {
    start,
    end: now,
    label: `last ${days === 1 ? "24 hours" : `${days} days`} to ${now.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  };
}
