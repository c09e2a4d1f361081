import { describe, expect, it } from "vitest";
import { encodeOssiRequest, OssiResponseParser, parseErrorLine } from "../../../lib/connect/sat/ossi-codec.ts";
import { Transcript, REDACTED } from "../../../lib/connect/sat/transcript.ts";

describe("OSSI codec", () => {
  it("encodes c, f, d (a single space clears a field) and t", () => {
    expect(encodeOssiRequest({ command: "change station 3001", fields: ["8003ff00", "004fff00"], data: ["Lobby", ""] })).toEqual([
      "c change station 3001",
      "f8003ff00\t004fff00",
      "dLobby\t ",
      "t",
    ]);
    expect(() => encodeOssiRequest({ command: "display alarms\rt" })).toThrow();
    expect(() => encodeOssiRequest({ command: "list station", fields: ["nope"] })).toThrow();
  });

  it("parses a list: fields over several f lines, values over several d lines, n between objects", () => {
    const p = new OssiResponseParser();
    const text =
      "f0001ff00\t0002ff00\t0003ff00\t0004ff00\t0005ff00\r\nf000eff00\r\nd01A05\tDS1-BD\ty\t\tMAJOR\r\nd03\r\nn\r\nd01B0203\tANL-LINE\tn\t3003\tMINOR\r\nd12\r\nt\r\n";
    const r = p.feed(text);
    expect(r?.fields).toEqual(["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "000eff00"]);
    expect(r?.rows).toEqual([
      { "0001ff00": "01A05", "0002ff00": "DS1-BD", "0003ff00": "y", "0004ff00": "", "0005ff00": "MAJOR", "000eff00": "03" },
      { "0001ff00": "01B0203", "0002ff00": "ANL-LINE", "0003ff00": "n", "0004ff00": "3003", "0005ff00": "MINOR", "000eff00": "12" },
    ]);
  });

  it("a system that repeats the f header before each object: each object keeps its own values", () => {
    const r = new OssiResponseParser().feed(
      "f8005ff00\t004fff00\nd3001\t2420\nf8005ff00\t004fff00\nd3002\t9620\nf8005ff00\nd3003\nt\n",
    );
    expect(r?.fields).toEqual(["8005ff00", "004fff00"]);
    expect(r?.rows).toEqual([
      { "8005ff00": "3001", "004fff00": "2420" },
      { "8005ff00": "3002", "004fff00": "9620" },
      { "8005ff00": "3003" },
    ]);
  });

  it("an e line without codes is still an error; trailing empty fields stay empty", () => {
    const r = new OssiResponseParser().feed("eCommand not allowed for this login\nt\n");
    expect(r?.errors).toMatchObject([{ codes: [], message: "Command not allowed for this login" }]);
    const d = new OssiResponseParser().feed("f0001ff00\t0002ff00\t0004ff00\nd01A05\tDS1-BD\t\nt\n");
    expect(d?.rows).toEqual([{ "0001ff00": "01A05", "0002ff00": "DS1-BD", "0004ff00": "" }]);
  });

  it("waits for the closing t across reads split anywhere, with LF-only or CR-only line ends", () => {
    const p = new OssiResponseParser();
    const parts = "f8005ff00\nd3001\nn\nd3002\rt\r".split("");
    const results = parts.map((c) => p.feed(c));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)?.rows).toEqual([{ "8005ff00": "3001" }, { "8005ff00": "3002" }]);
  });

  it("e lines: two codes then the message; an empty answer is just t", () => {
    expect(parseErrorLine("e1 0002ff00 9999 Extension invalid")).toMatchObject({
      codes: ["1", "0002ff00"],
      fieldId: "0002ff00",
      message: "9999 Extension invalid",
    });
    expect(parseErrorLine("e00000000 1 frobnicate is an invalid command")).toMatchObject({
      codes: ["00000000", "1"],
      message: "frobnicate is an invalid command",
    });
    const r = new OssiResponseParser().feed("e1 0001ff00 Command failed\r\nt\r\n");
    expect(r).toMatchObject({ rows: [], errors: [{ message: "Command failed" }] });
    expect(new OssiResponseParser().feed("t\n")).toMatchObject({ fields: [], rows: [], errors: [] });
  });

  it("skips the system's echo of our request, up to its echoed t", () => {
    const sent = encodeOssiRequest({ command: "display time", fields: ["0003ff00"] });
    const p = new OssiResponseParser(sent);
    const r = p.feed("c display time\r\nf0003ff00\r\nt\r\nf0003ff00\r\nd2026\r\nt\r\n");
    expect(r?.rows).toEqual([{ "0003ff00": "2026" }]);
  });

  it("other text is kept as messages, never as data", () => {
    const r = new OssiResponseParser().feed("Terminator received but no command active\r\nt\r\n");
    expect(r).toMatchObject({ rows: [], messages: ["Terminator received but no command active"] });
    const noise = new OssiResponseParser().feed("d~~ garbage\r\n\x7f\x13\r\ndone\r\nt\r\n");
    expect(noise?.rows).toEqual([]);
  });
});

describe("transcript", () => {
  it("never holds a secret: typed secrets are masked, echoed ones cut out even when split across reads", () => {
    const chunks: string[] = [];
    const t = new Transcript(["hunter22", "pp"], (c) => chunks.push(c));
    t.received("Password: ");
    t.sent("hunter22", true);
    t.received("echo hun");
    t.received("ter22 done\r\n");
    t.note("reason mentions hunter22");
    const all = t.toString();
    expect(all).not.toContain("hunter22");
    expect(chunks.join("")).toBe(all);
    expect(all).toContain(`> ${REDACTED}`);
    expect(all).toContain(`echo ${REDACTED} done`);
    // Secrets shorter than 3 characters are not searched for in ordinary text.
    expect(all).toContain("mentions");
  });
});
