import { describe, expect, it } from "vitest";
import {
  AtSession,
  applyCallerIdLine,
  emptyCallerId,
  formatResult,
  LineAssembler,
  parseDialString,
  parseResult,
  phoneNumbersMatch,
} from "../../../lib/connect/hayes/index.ts";

describe("Hayes result codes", () => {
  it("reads verbose and numeric forms, with and without a rate", () => {
    expect(parseResult("OK")).toMatchObject({ code: "OK" });
    expect(parseResult("0")).toMatchObject({ code: "OK" });
    expect(parseResult("CONNECT 9600")).toMatchObject({ code: "CONNECT", rate: 9600 });
    expect(parseResult("CONNECT 14400/ARQ")).toMatchObject({ code: "CONNECT", rate: 14400 });
    expect(parseResult("12")).toMatchObject({ code: "CONNECT", rate: 9600 });
    expect(parseResult("no carrier")).toMatchObject({ code: "NO CARRIER" });
    for (const [t, c] of [
      ["6", "NO DIALTONE"],
      ["7", "BUSY"],
      ["8", "NO ANSWER"],
      ["2", "RING"],
      ["4", "ERROR"],
    ] as const)
      expect(parseResult(t)?.code).toBe(c);
    expect(parseResult("ATDT123")).toBeNull();
    expect(parseResult("99")).toBeNull();
  });
  it("formats what a modem prints", () => {
    expect(formatResult("NO CARRIER", { verbose: true })).toBe("\r\nNO CARRIER\r\n");
    expect(formatResult("CONNECT", { verbose: false, rate: 9600 })).toBe("12\r");
    expect(formatResult("BUSY", { verbose: false })).toBe("7\r");
  });
});

describe("line assembly", () => {
  it("splits on CR, LF and CRLF, drops noise bytes and over-long lines", () => {
    const a = new LineAssembler(10);
    expect(a.feed("\r\nOK\r\nRI")).toEqual(["OK"]);
    expect(a.feed("\x00NG\rCONN\xffECT 9600\n")).toEqual(["RING"]);
    expect(a.feed("AAAAAAAAAAAAAAAAAAAA\rOK\r")).toEqual(["OK"]);
    expect(a.noise).toBeGreaterThan(0);
  });
});

describe("AT command matching", () => {
  it("skips the echo, collects info lines and completes on the final code", () => {
    const s = new AtSession();
    expect(s.command("ATI3")).toBe("ATI3\r");
    expect(s.line("ATI3")).toEqual([]);
    expect(s.line("Klaxon sim")).toEqual([{ type: "info", line: "Klaxon sim" }]);
    expect(s.line("OK")).toEqual([
      { type: "final", command: "ATI3", result: expect.objectContaining({ code: "OK" }), info: ["Klaxon sim"] },
    ]);
    expect(s.busy).toBe(false);
  });
  it("RING is unsolicited even while a command is in flight", () => {
    const s = new AtSession();
    s.command("AT");
    expect(s.line("RING")[0]).toMatchObject({ type: "unsolicited" });
    expect(s.line("OK")[0]).toMatchObject({ type: "final" });
    expect(s.line("NO CARRIER")[0]).toMatchObject({ type: "unsolicited" });
  });
  it("refuses a second command in flight", () => {
    const s = new AtSession();
    s.command("AT");
    expect(() => s.command("ATH")).toThrow();
  });
});

describe("dial strings", () => {
  it("reads modifiers", () => {
    expect(parseDialString("T5551234,,,,42#;")).toMatchObject({
      number: "555123442#",
      beforePause: "5551234",
      pauses: 4,
      afterPause: "42#",
      stayInCommandMode: true,
    });
    expect(parseDialString("P9W5551234")).toMatchObject({ number: "95551234", pulse: true, waits: 1 });
    expect(parseDialString("T!123@")).toMatchObject({ number: "123", flashes: 1, quietAnswer: true });
    expect(parseDialString("12;3")).toBeNull();
    expect(parseDialString("1".repeat(41))).toBeNull();
    expect(parseDialString("12X")).toBeNull();
  });
});

describe("caller ID", () => {
  it("reads DATE/TIME/NMBR/NAME in both spellings; O and P leave no number", () => {
    const id = emptyCallerId();
    for (const l of ["DATE = 0314", "TIME=0926", "NMBR = 555-900-1001", "NAME = ACME HQ"]) expect(applyCallerIdLine(id, l)).toBe(true);
    expect(id).toEqual({ number: "5559001001", numberText: "555-900-1001", date: "0314", time: "0926", name: "ACME HQ" });
    expect(applyCallerIdLine(id, "RING")).toBe(false);
    expect(applyCallerIdLine(id, "CONNECT 9600")).toBe(false);
    const withheld = emptyCallerId();
    applyCallerIdLine(withheld, "NMBR = P");
    expect(withheld).toMatchObject({ number: null, numberText: "P" });
  });
  it("matches a calling number to a dial number by digits, allowing prefixes on either side", () => {
    expect(phoneNumbersMatch("5559001001", "9,1 (555) 900-1001")).toBe(true);
    expect(phoneNumbersMatch("15559001001", "555-900-1001")).toBe(true);
    expect(phoneNumbersMatch("9001001", "555-900-1001")).toBe(true);
    expect(phoneNumbersMatch("001001", "555-900-1001")).toBe(false);
    expect(phoneNumbersMatch("5559001002", "555-900-1001")).toBe(false);
    expect(phoneNumbersMatch("", "")).toBe(false);
  });
});
