/**
 * The window in which scheduled server tasks start: "HH:MM-HH:MM <IANA zone>" (e.g.
 * "01:00-05:00 Europe/Berlin"; the zone defaults to UTC; an end before the start crosses
 * midnight; "00:00-24:00" is always open).
 */
export type TTaskWindow = { start: number; end: number; timeZone: string };

export function parseTaskWindow(text: string): TTaskWindow | string {
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})(?:\s+(\S+))?\s*$/.exec(text);
  if (!m) return `expected "HH:MM-HH:MM <time zone>", e.g. "01:00-05:00 UTC"`;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (start >= 24 * 60 || end > 24 * 60 || Number(m[2]) > 59 || Number(m[4]) > 59) return `${text.trim()}: not a time of day`;
  const timeZone = m[5] ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return `unknown time zone "${timeZone}"`;
  }
  return { start, end, timeZone };
}

function localParts(at: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return { y: p.year as number, mo: p.month as number, d: p.day as number, minutes: (p.hour as number) * 60 + (p.minute as number) };
}

/** The instant a local wall-clock time happens in `timeZone` (the first, on a DST fold). */
function zoned(y: number, mo: number, d: number, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(y, mo - 1, d, 0, minutes);
  const offset = (at: number) => {
    const p = localParts(new Date(at), timeZone);
    return Date.UTC(p.y, p.mo - 1, p.d, 0, p.minutes) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/** When the window that is open at `now` opened, or null when it is closed. */
export function openWindowStart(w: TTaskWindow, now: Date): Date | null {
  const p = localParts(now, w.timeZone);
  const crosses = w.end <= w.start;
  const inside = crosses ? p.minutes >= w.start || p.minutes < w.end : p.minutes >= w.start && p.minutes < w.end;
  if (!inside && !(w.start === 0 && w.end === 24 * 60)) return null;
  // After midnight in a window that crossed it: it opened yesterday.
  const yesterday = crosses && p.minutes < w.end;
  const day = yesterday ? new Date(Date.UTC(p.y, p.mo - 1, p.d - 1)) : new Date(Date.UTC(p.y, p.mo - 1, p.d));
  return zoned(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), w.start, w.timeZone);
}

export type TFrequency = "NIGHTLY" | "WEEKLY" | "MONTHLY";

/**
 * Whether a schedule is due in the window that opened at `windowStart`: never run, or its last
 * run is a period before this window (a day, a week, a month; a run late in the last window
 * does not push the next one out by a window).
 */
export function isDue(frequency: TFrequency, lastRunAt: Date | null, windowStart: Date): boolean {
  if (!lastRunAt) return true;
  const edge = new Date(windowStart);
  if (frequency === "WEEKLY") edge.setUTCDate(edge.getUTCDate() - 6);
  if (frequency === "MONTHLY") {
    edge.setUTCMonth(edge.getUTCMonth() - 1);
    edge.setUTCDate(edge.getUTCDate() + 1);
  }
  return lastRunAt < edge;
}
