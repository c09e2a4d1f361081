import { z } from "zod";

/**
 * A routine's maintenance window. `daily HH:MM <IANA zone>`: opens at that local time every day
 * and stays open DAILY_WINDOW_MS, so a primary that comes up late in the window still runs the
 * routine, and one that comes up after it waits for the next day. `every N minutes`: back-to-back
 * windows of N minutes (aligned to the epoch), for routines wanted more often than daily.
 */
export type TSchedule = { kind: "daily"; hour: number; minute: number; timeZone: string } | { kind: "every"; minutes: number };
export type TWindow = { key: string; start: Date; end: Date };

export const DAILY_WINDOW_MS = 4 * 3_600_000;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Reads "daily 02:00 Europe/Berlin", "02:00 UTC", "daily 2:30", "every 30 minutes", "every 2 hours", "hourly". */
export function parseSchedule(text: string): TSchedule | string {
  const t = text.trim().replace(/\s+/g, " ");
  const every = /^(?:every )?(\d+) ?(m|min|mins|minutes?|h|hours?)$/i.exec(t.replace(/^every (\d)/i, "every $1"));
  if (/^hourly$/i.test(t)) return { kind: "every", minutes: 60 };
  if (every && /^every /i.test(t)) {
    const minutes = Number(every[1]) * (/^h/i.test(every[2] ?? "") ? 60 : 1);
    if (minutes < 1 || minutes > 24 * 60) return "an interval from 1 minute to 24 hours";
    return { kind: "every", minutes };
  }
  const daily = /^(?:daily |at )?(\d{1,2}):(\d{2})(?: (\S+))?$/i.exec(t);
  if (!daily) return 'expected "daily HH:MM <time zone>" (e.g. "daily 02:00 Europe/Berlin") or "every N minutes"';
  const hour = Number(daily[1]);
  const minute = Number(daily[2]);
  if (hour > 23 || minute > 59) return `${daily[1]}:${daily[2]} is not a time of day`;
  const timeZone = daily[3] ?? "UTC";
  if (!isTimeZone(timeZone)) return `unknown time zone "${timeZone}" (use an IANA name such as Europe/Berlin)`;
  return { kind: "daily", hour, minute, timeZone };
}

export function formatSchedule(s: TSchedule): string {
  if (s.kind === "every") return s.minutes % 60 === 0 ? `every ${s.minutes / 60} hours` : `every ${s.minutes} minutes`;
  return `daily ${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")} ${s.timeZone}`;
}

/**
 * A schedule as the API accepts it: the text form, or { time: "02:00", timeZone } / { everyMinutes }.
 * Always comes out as the canonical text.
 */
export const ZSchedule = z
  .union([
    z.string().max(100),
    z.object({ time: z.string().max(5), timeZone: z.string().max(64).optional() }),
    z.object({ everyMinutes: z.number().int() }),
  ])
  .transform((v, ctx) => {
    const text =
      typeof v === "string" ? v : "everyMinutes" in v ? `every ${v.everyMinutes} minutes` : `daily ${v.time} ${v.timeZone ?? "UTC"}`;
    const parsed = parseSchedule(text);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return formatSchedule(parsed);
  });

type TParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function partsIn(timeZone: string, at: Date): TParts {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second! };
}

/** The zone's offset from UTC at `at`, in ms. */
function offsetMs(timeZone: string, at: Date): number {
  const p = partsIn(timeZone, at);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time occurs in `timeZone` (a time skipped by a DST jump maps to just after it). */
export function zonedTime(timeZone: string, y: number, m: number, d: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  const first = guess - offsetMs(timeZone, new Date(guess));
  return new Date(guess - offsetMs(timeZone, new Date(first)));
}

/** The local calendar date of `at` in `timeZone`. */
export function localDate(timeZone: string, at: Date): { year: number; month: number; day: number } {
  const p = partsIn(timeZone, at);
  return { year: p.year, month: p.month, day: p.day };
}

function dayKey(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The window `now` falls in, or null between windows. */
export function currentWindow(s: TSchedule, now: Date): TWindow | null {
  if (s.kind === "every") {
    const len = s.minutes * 60_000;
    const i = Math.floor(now.getTime() / len);
    return { key: `every${s.minutes}m:${i}`, start: new Date(i * len), end: new Date((i + 1) * len) };
  }
  const today = localDate(s.timeZone, now);
  // Today's window, or yesterday's when it started late enough to reach past midnight.
  for (const back of [0, 1]) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    const start = zonedTime(s.timeZone, date.year, date.month, date.day, s.hour, s.minute);
    const end = new Date(start.getTime() + DAILY_WINDOW_MS);
    if (now >= start && now < end) return { key: `daily:${dayKey(date)}`, start, end };
  }
  return null;
}

/** When the next window opens after `now` (for the page: "next run"). */
export function nextWindowStart(s: TSchedule, now: Date): Date {
  if (s.kind === "every") {
    const len = s.minutes * 60_000;
    return new Date((Math.floor(now.getTime() / len) + 1) * len);
  }
  const today = localDate(s.timeZone, now);
  for (const ahead of [0, 1, 2]) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
    const start = zonedTime(s.timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), s.hour, s.minute);
    if (start > now) return start;
  }
  return new Date(now.getTime() + 86_400_000);
}
