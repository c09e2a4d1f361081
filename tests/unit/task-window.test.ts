import { describe, expect, it } from "vitest";
import { isDue, openWindowStart, parseTaskWindow, type TTaskWindow } from "../../lib/tasks/task-window.ts";

const w = (text: string) => parseTaskWindow(text) as TTaskWindow;

describe("scheduled tasks' window", () => {
  it("parses HH:MM-HH:MM with a zone and refuses nonsense with a sentence", () => {
    expect(parseTaskWindow("01:00-05:00")).toEqual({ start: 60, end: 300, timeZone: "UTC" });
    expect(parseTaskWindow("22:30-02:00 Europe/Berlin")).toEqual({ start: 1350, end: 120, timeZone: "Europe/Berlin" });
    expect(parseTaskWindow("nightly")).toMatch(/expected/);
    expect(parseTaskWindow("25:00-26:00")).toMatch(/not a time/);
    expect(parseTaskWindow("01:00-02:00 Mars/Olympus")).toMatch(/unknown time zone/);
  });

  it("knows when the open window opened, in its own time zone, across midnight", () => {
    expect(openWindowStart(w("01:00-05:00 UTC"), new Date("2026-03-10T03:00:00Z"))?.toISOString()).toBe("2026-03-10T01:00:00.000Z");
    expect(openWindowStart(w("01:00-05:00 UTC"), new Date("2026-03-10T06:00:00Z"))).toBeNull();
    // 23:30 Berlin (UTC+1 in March before DST) opened at 22:00 local = 21:00 UTC
    expect(openWindowStart(w("22:00-02:00 Europe/Berlin"), new Date("2026-03-10T22:30:00Z"))?.toISOString()).toBe(
      "2026-03-10T21:00:00.000Z",
    );
    // 01:30 Berlin the next day: the window opened yesterday evening
    expect(openWindowStart(w("22:00-02:00 Europe/Berlin"), new Date("2026-03-11T00:30:00Z"))?.toISOString()).toBe(
      "2026-03-10T21:00:00.000Z",
    );
    expect(openWindowStart(w("00:00-24:00"), new Date("2026-03-10T13:14:00Z"))?.toISOString()).toBe("2026-03-10T00:00:00.000Z");
  });

  it("runs nightly once per window, weekly and monthly once per period", () => {
    const start = new Date("2026-03-10T01:00:00Z");
    expect(isDue("NIGHTLY", null, start)).toBe(true);
    expect(isDue("NIGHTLY", new Date("2026-03-09T01:20:00Z"), start)).toBe(true);
    expect(isDue("NIGHTLY", new Date("2026-03-10T01:05:00Z"), start)).toBe(false);
    expect(isDue("WEEKLY", new Date("2026-03-05T01:00:00Z"), start)).toBe(false);
    expect(isDue("WEEKLY", new Date("2026-03-03T01:30:00Z"), start)).toBe(true);
    expect(isDue("MONTHLY", new Date("2026-02-20T01:00:00Z"), start)).toBe(false);
    expect(isDue("MONTHLY", new Date("2026-02-10T01:30:00Z"), start)).toBe(true);
  });
});
