import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TDialOutHandle } from "../../../lib/connect/modem-port.ts";
import { checkPage, decodeFrom, sendPage, type TCheckedPage, type TPagerPage } from "../../../lib/notify/pager/index.ts";

type TResult = { code: string; text: string; info?: string[] };

/** A lent modem whose AT answers and far end are scripted; the boundary the unit tests fake. */
class FakeLine implements TDialOutHandle {
  portId = 1;
  device = "/dev/fake";
  commands: string[] = [];
  written: string[] = [];
  hangups = 0;
  private data: (b: string) => void = () => {};
  private carrier: (() => void)[] = [];
  constructor(
    private readonly answer: (cmd: string) => TResult | Error,
    private readonly far: (sent: string, line: FakeLine) => void = () => {},
  ) {}
  async command(cmd: string): Promise<TResult> {
    this.commands.push(cmd);
    const r = this.answer(cmd);
    if (r instanceof Error) throw r;
    return r;
  }
  write(bytes: string) {
    this.written.push(bytes);
    this.far(decodeFrom(bytes), this);
  }
  onData(h: (b: string) => void) {
    this.data = h;
  }
  onCarrierLost(l: () => void) {
    this.carrier.push(l);
  }
  async hangup() {
    this.hangups += 1;
  }
  async release() {}
  emit(bytes: string) {
    queueMicrotask(() => this.data(bytes));
  }
  drop() {
    queueMicrotask(() => {
      for (const l of this.carrier.splice(0)) l();
    });
  }
}

const ok = (text = "OK", info?: string[]): TResult => ({ code: text.split(" ")[0] === "CONNECT" ? "CONNECT" : text, text, info });

/** A well-behaved paging terminal: ID= to a CR, ACK + go-ahead to the logon, ACK per block, goodbye. */
const goodTerminal = (sent: string, line: FakeLine) => {
  if (sent === "\r") line.emit("ID=");
  else if (sent.startsWith("\x1bPG1")) line.emit("110 1.8\r\x06\r\x1b[p\r");
  else if (sent.startsWith("\x02")) line.emit("211 Page sent\r\x06\r");
  else if (sent === "\x04\r") {
    line.emit("115 Bye\r\x1b\x04\r");
    line.drop();
  }
};

const tap = (over: Partial<TPagerPage> = {}) =>
  checkPage({ kind: "TAP", number: "5550200", pagerId: "4001", text: "DS1-BD MAJOR", ...over }) as TCheckedPage;

describe("sendPage: the I/O shell over a lent modem", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("TAP: dials, talks 7E1 (parity in bit 7 on every byte), reports CONNECT and the replies, hangs up", async () => {
    const line = new FakeLine((c) => (c.startsWith("ATDT") ? ok("CONNECT 1200") : ok()), goodTerminal);
    const out = await sendPage(line, tap({ format: "7E1" }));
    expect(out).toMatchObject({ ok: true, reason: null, connect: "CONNECT 1200", replies: ["110 1.8", "211 Page sent", "115 Bye"] });
    expect(line.commands).toEqual(["ATDT5550200"]);
    expect(line.hangups).toBe(1);
    const bytes = [...line.written.join("")].map((ch) => ch.charCodeAt(0));
    const ones = (b: number) => b.toString(2).replaceAll("0", "").length;
    expect(bytes.every((b) => ones(b) % 2 === 0)).toBe(true);
    expect(bytes).toContain("J".charCodeAt(0) | 0x80); // 'J' = 1001010: three ones, so its parity bit is set
    expect(out.transcript).toMatch(/^AT> ATDT5550200\nAT< CONNECT 1200\n> <CR>\n< ID=\n> <ESC>PG1<CR>/);
    expect(out.transcript).toMatch(/! hung up$/);
  });

  it("a terminal that says goodbye but keeps the line: hung up by us after a short wait", async () => {
    const line = new FakeLine(
      (c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()),
      (sent, l) => (sent === "\x04\r" ? l.emit("\x1b\x04\r") : goodTerminal(sent, l)),
    );
    const p = sendPage(line, tap());
    await vi.advanceTimersByTimeAsync(1500);
    expect((await p).ok).toBe(true);
    expect(line.hangups).toBe(1);
  });

  it("no format given: the terminal's ID= tells (parity bits → 7E1, none → 8N1), and Klaxon answers in kind", async () => {
    const plain = new FakeLine((c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()), goodTerminal);
    const a = await sendPage(plain, tap());
    expect(a.ok).toBe(true);
    expect(a.transcript).toContain("! the terminal speaks 8N1: answering in 8N1");
    expect(plain.written.slice(1).join("")).toMatch(/^\x1bPG1\r\x024001\r/);
    const parity = new FakeLine(
      (c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()),
      (sent, l) => (sent === "\r" ? l.emit("\xc9\x44\xbd") : goodTerminal(sent, l)), // "ID=" with even parity
    );
    const b = await sendPage(parity, tap());
    expect(b.ok).toBe(true);
    expect(b.transcript).toContain("! the terminal speaks 7E1: answering in 7E1");
    expect(parity.written[1]).toBe("\x1bPG\xb1\x8d");
  });

  it("no format given and a terminal that ignores the first CR: the probes alternate 7E1 and plain", async () => {
    const line = new FakeLine(
      (c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()),
      (sent, l) => (sent === "\r" && line.written.length < 2 ? undefined : goodTerminal(sent, l)),
    );
    const p = sendPage(line, tap());
    await vi.advanceTimersByTimeAsync(2000);
    expect((await p).ok).toBe(true);
    expect(line.written.slice(0, 2)).toEqual(["\x8d", "\r"]);
  });

  it("8N1 sends the bytes as they are", async () => {
    const line = new FakeLine((c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()), goodTerminal);
    expect((await sendPage(line, tap({ format: "8N1" }))).ok).toBe(true);
    expect(line.written.every((w) => [...w].every((ch) => ch.charCodeAt(0) < 0x80))).toBe(true);
  });

  for (const [code, reason] of [
    ["BUSY", "the line is busy (BUSY)"],
    ["NO ANSWER", "no answer (NO ANSWER)"],
    ["NO CARRIER", /^no carrier \(NO CARRIER\)/],
    ["NO DIALTONE", /^no dial tone \(NO DIALTONE\)/],
  ] as const)
    it(`${code} is a clear, retryable failure and the modem is still hung up`, async () => {
      const line = new FakeLine((c) => (c.startsWith("ATDT") ? ok(code) : ok()));
      const out = await sendPage(line, tap());
      expect(out).toMatchObject({ ok: false, retryable: true, connect: null });
      expect(out.reason).toMatch(reason);
      expect(line.written).toEqual([]);
      expect(line.hangups).toBe(1);
    });

  it("a modem that never answers the dial: failure, hung up", async () => {
    const line = new FakeLine(() => new Error("no answer to ATDT5550200 within 90000 ms"));
    const out = await sendPage(line, tap());
    expect(out).toMatchObject({ ok: false, retryable: true, reason: "the modem gave no result for the dial" });
    expect(out.transcript).toContain("AT! no answer to ATDT5550200 within 90000 ms");
    expect(line.hangups).toBe(1);
  });

  it("a silent terminal: CR probes for 20 s (fake clock), then failure, hung up", async () => {
    const line = new FakeLine((c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()));
    const p = sendPage(line, tap());
    await vi.advanceTimersByTimeAsync(20_000);
    const out = await p;
    expect(out.reason).toBe("the paging terminal sent no ID= prompt within 20 s");
    expect(line.written.map(decodeFrom)).toEqual(Array(10).fill("\r"));
    expect(line.hangups).toBe(1);
  });

  it("carrier lost mid-message: failure", async () => {
    const line = new FakeLine(
      (c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()),
      (sent, l) => (sent.startsWith("\x02") ? l.drop() : goodTerminal(sent, l)),
    );
    const out = await sendPage(line, tap());
    expect(out).toMatchObject({ ok: false, retryable: true, reason: "carrier lost while sending block 1 of 1" });
    expect(line.hangups).toBe(1);
  });

  it("a call that overruns its cap ends as a failure", async () => {
    const line = new FakeLine(
      (c) => (c.startsWith("ATDT") ? ok("CONNECT") : ok()),
      (sent, l) => (sent.startsWith("\x02") ? l.emit("111 please wait\r") : goodTerminal(sent, l)),
    );
    const p = sendPage(line, tap(), { maxCallMs: 30_000, tap: { t3Ms: 60_000 } });
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await p).reason).toBe("the call took longer than 30 s");
  });

  it("baud: asks the modem for the modulation with AT+MS, and puts the old setting back after the call", async () => {
    const line = new FakeLine((c) => {
      if (c === "AT+MS?") return ok("OK", ["+MS: V34,1,300,33600,300,33600"]);
      return c.startsWith("ATDT") ? ok("CONNECT 1200") : ok();
    }, goodTerminal);
    const out = await sendPage(line, tap({ baud: 1200 }));
    expect(out.ok).toBe(true);
    expect(line.commands).toEqual(["AT+MS?", "AT+MS=V22", "ATDT5550200", "AT+MS=V34,1,300,33600,300,33600"]);
  });

  it("baud on a modem without AT+MS: noted, the page still goes", async () => {
    const line = new FakeLine(
      (c) => (c.startsWith("AT+MS") ? ok("ERROR") : c.startsWith("ATDT") ? ok("CONNECT 9600") : ok()),
      goodTerminal,
    );
    const out = await sendPage(line, tap({ baud: 300 }));
    expect(out.ok).toBe(true);
    expect(line.commands).toEqual(["AT+MS?", "ATDT5550200"]);
    expect(out.transcript).toContain("! this modem has no AT+MS: it negotiates the line rate itself (300 baud wanted)");
  });

  it("numeric: one voice dial with pauses, the digits and #, staying in command mode; ATH after it", async () => {
    const line = new FakeLine(() => ok());
    const page = checkPage({ kind: "NUMERIC", number: "9,5551234", text: "555-0100 *7" }) as TCheckedPage;
    const p = sendPage(line, page);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await p).toMatchObject({ ok: true, reason: null });
    expect(line.commands).toEqual(["ATDT9,5551234,,,,5550100*7#;", "ATH"]);
  });

  it("numeric: BUSY fails, and ATH is still sent", async () => {
    const line = new FakeLine((c) => (c.startsWith("ATD") ? ok("BUSY") : ok()));
    const page = checkPage({ kind: "NUMERIC", number: "5551234", text: "42" }) as TCheckedPage;
    expect(await sendPage(line, page)).toMatchObject({ ok: false, retryable: true, reason: "the line is busy (BUSY)" });
    expect(line.commands).toEqual(["ATDT5551234,,,,42#;", "ATH"]);
  });
});

describe("checkPage: bad pages are refused with a reason before any call", () => {
  it("TAP pages need a pager ID and a dial string; text is cut to the pager's length", () => {
    expect(tap({ text: "x".repeat(300), maxLength: 128 })).toMatchObject({ kind: "TAP", message: "x".repeat(128), format: "auto" });
    expect(checkPage({ kind: "TAP", number: "5550200", text: "x" })).toMatch(/needs a pager ID/);
    expect(checkPage({ kind: "TAP", number: "5550200", pagerId: "12 34", text: "x" })).toMatch(/without spaces/);
    expect(checkPage({ kind: "TAP", number: "call me", pagerId: "1", text: "x" })).toMatch(/is not a dial string/);
    expect(checkPage({ kind: "TAP", number: "555;", pagerId: "1", text: "x" })).toMatch(/is not a dial string/);
    expect(checkPage({ kind: "TAP", number: "5550200", pagerId: "1", password: "a b", text: "x" })).toMatch(/password/);
  });

  it("numeric pages carry digits only, and the whole dial string must fit in 40 characters", () => {
    expect(checkPage({ kind: "NUMERIC", number: "5551234", text: "DS1 down" })).toMatch(/digits only/);
    expect(checkPage({ kind: "NUMERIC", number: "5551234", text: "" })).toMatch(/digits only/);
    expect(checkPage({ kind: "NUMERIC", number: "1-800-555-1234", text: "1".repeat(26) })).toMatch(/longer than a modem takes/);
    expect(checkPage({ kind: "NUMERIC", number: "1-800-555-1234", text: "(555) 010-0199" })).toMatchObject({
      dial: "T1-800-555-1234,,,,5550100199#;",
    });
  });
});
