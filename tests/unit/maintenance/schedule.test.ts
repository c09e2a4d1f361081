import { describe, expect, it } from "vitest";
import { periodEndingNow, previousPeriod } from "../../../lib/maintenance/alarm-report/period.ts";
import { currentWindow, nextWindowStart, parseSchedule, type TSchedule, ZSchedule, zonedTime } from "../../../lib/maintenance/schedule.ts";

const daily = (text: string) => parseSchedule(text) as TSchedule;

describe("maintenance windows", () => {
  it("reads the daily and interval forms, liberal in spacing and case, and says what is wrong", () => {
    expect(parseSchedule("daily 02:00 Europe/Berlin")).toEqual({ kind: "daily", hour: 2, minute: 0, timeZone: "Europe/Berlin" });
    expect(parseSchedule("  2:30  ")).toEqual({ kind: "daily", hour: 2, minute: 30, timeZone: "UTC" });
    expect(parseSchedule("Every 30 minutes")).toEqual({ kind: "every", minutes: 30 });
    expect(parseSchedule("every 2 hours")).toEqual({ kind: "every", minutes: 120 });
    expect(parseSchedule("hourly")).toEqual({ kind: "every", minutes: 60 });
    expect(parseSchedule("daily 25:00")).toMatch(/not a time of day/);
    expect(parseSchedule("daily 02:00 Mars/Olympus")).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(parseSchedule("sometimes")).toMatch(/expected "daily HH:MM/);
    expect(ZSchedule.parse({ time: "3:05", timeZone: "America/New_York" })).toBe("daily 03:05 America/New_York");
    expect(ZSchedule.parse({ everyMinutes: 90 })).toBe("every 90 minutes");
    expect(ZSchedule.safeParse("daily 02:00 Nowhere").success).toBe(false);
  });

  it("a daily window opens at the local time in its zone, across daylight-saving changes, and lasts four hours", () => {
    const berlin = daily("daily 02:30 Europe/Berlin");
    // Winter: UTC+1; summer: UTC+2.
    expect(currentWindow(berlin, new Date("2026-01-15T01:30:00Z"))?.start.toISOString()).toBe("2026-01-15T01:30:00.000Z");
    expect(currentWindow(berlin, new Date("2026-07-15T00:30:00Z"))?.start.toISOString()).toBe("2026-07-15T00:30:00.000Z");
    expect(currentWindow(berlin, new Date("2026-07-15T00:29:00Z"))).toBeNull();
    expect(currentWindow(berlin, new Date("2026-07-15T04:29:59Z"))?.key).toBe("daily:2026-07-15");
    expect(currentWindow(berlin, new Date("2026-07-15T04:30:00Z"))).toBeNull();
    // 02:30 does not exist on 29 March 2026 in Berlin (02:00 → 03:00): the window opens at 03:00 local.
    expect(zonedTime("Europe/Berlin", 2026, 3, 29, 2, 30).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("a late-evening window reaches past midnight under the previous day's key", () => {
    const s = daily("daily 23:00 UTC");
    expect(currentWindow(s, new Date("2026-05-02T01:00:00Z"))?.key).toBe("daily:2026-05-01");
    expect(nextWindowStart(s, new Date("2026-05-02T01:00:00Z")).toISOString()).toBe("2026-05-02T23:00:00.000Z");
  });

  it("interval windows are back to back", () => {
    const s = daily("every 15 minutes");
    const w = currentWindow(s, new Date("2026-05-02T01:07:00Z"));
    expect(w?.start.toISOString()).toBe("2026-05-02T01:00:00.000Z");
    expect(w?.end.toISOString()).toBe("2026-05-02T01:15:00.000Z");
    expect(nextWindowStart(s, new Date("2026-05-02T01:07:00Z")).toISOString()).toBe("2026-05-02T01:15:00.000Z");
  });
});

describe("alarm report periods", () => {
  const now = new Date("2026-03-04T06:00:00Z"); // a Wednesday
  it("scheduled reports cover the last complete day, Monday-to-Monday week, or month in the zone", () => {
    expect(previousPeriod("DAILY", "UTC", now)).toMatchObject({
      start: new Date("2026-03-03T00:00:00Z"),
      end: new Date("2026-03-04T00:00:00Z"),
      label: "2026-03-03",
    });
    expect(previousPeriod("WEEKLY", "UTC", now)).toMatchObject({
      start: new Date("2026-02-23T00:00:00Z"),
      end: new Date("2026-03-02T00:00:00Z"),
      label: "week of 2026-02-23",
    });
    expect(previousPeriod("MONTHLY", "UTC", now)).toMatchObject({
      start: new Date("2026-02-01T00:00:00Z"),
      end: new Date("2026-03-01T00:00:00Z"),
      label: "2026-02",
    });
    expect(previousPeriod("MONTHLY", "America/New_York", new Date("2026-01-01T03:00:00Z"))).toMatchObject({
      start: new Date("2025-11-01T04:00:00Z"),
      end: new Date("2025-12-01T05:00:00Z"),
    });
  });
  it("send now covers the period of that length ending now", () => {
    const p = periodEndingNow("WEEKLY", now);
    expect(p.end).toEqual(now);
    expect(now.getTime() - p.start.getTime()).toBe(7 * 86_400_000);
  });
});
