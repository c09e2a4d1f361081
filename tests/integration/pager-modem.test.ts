import { afterEach, describe, expect, it } from "vitest";
import { checkPage, sendPage, type TCheckedPage, type TPagerPage, type TSendPageOptions } from "../../lib/notify/pager/index.ts";
import { PagingTerminal, type TPagingTerminalOptions } from "../sim/paging-terminal.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { useModemRig } from "../support/modem-rig.ts";

const TAP_NUMBER = "5550200";
const NUMERIC_PAGER = "5550300";

/*
 * Through the real boundary: serialport on a socat PTY, the simulated Hayes modem on its far
 * end, the port runtime (workers/modem) lending the port, the paging-terminal simulator
 * answering on the simulated phone network.
 */
describe("pages over a real PTY modem lent by the port runtime", () => {
  const t = useTestDatabase("pager-modem");
  const rig = useModemRig(t, {
    nodeName: "pager-node",
    number: "5550999",
    port: { purpose: "DIALOUT" },
    modemTimings: { waitCarrierMs: 1500, commaMs: 100 },
    manager: { reconcileMs: 300, probeIntervalMs: 10_000 },
  });
  let terminal: PagingTerminal | null = null;
  afterEach(() => terminal?.close());

  const serve = (opts: Partial<TPagingTerminalOptions> = {}) => {
    terminal = new PagingTerminal({ network: rig.network, number: TAP_NUMBER, numericNumbers: [NUMERIC_PAGER], ...opts });
    return terminal;
  };

  /** Borrows the port like a job does, sends, gives it back; the port must be IDLE again. */
  const page = async (p: Partial<TPagerPage> = {}, opts: TSendPageOptions = {}) => {
    const checked = checkPage({ kind: "TAP", number: TAP_NUMBER, pagerId: "4001", text: "DS1-BD 01A05 MAJOR", ...p });
    if (typeof checked === "string") throw new Error(checked);
    const line = await rig.ports.acquireDialOutPort();
    if (!line) throw new Error("no port");
    expect((await rig.portRow()).status).toBe("BUSY");
    try {
      return await sendPage(line, checked as TCheckedPage, opts);
    } finally {
      await line.release();
      await rig.idle();
    }
  };

  it("a TAP page at 1200 baud 7E1: the terminal has it, CONNECT 1200, the modulation is put back", async () => {
    const term = serve();
    const out = await page({ baud: 1200 });
    expect(out).toMatchObject({ ok: true, reason: null, connect: "CONNECT 1200" });
    expect(out.replies).toEqual([
      "110 1.8",
      "114 Klaxon paging terminal simulator",
      "211 Page(s) Sent Successfully",
      expect.stringMatching(/^115/),
    ]);
    expect(term.pages).toMatchObject([{ pagerId: "4001", message: "DS1-BD 01A05 MAJOR", blocks: 1 }]);
    expect(term.calls.map((c) => c.ending)).toEqual(["goodbye"]);
    const cmds = rig.modem.modem.commands;
    expect(cmds.indexOf("ATDT5550200")).toBe(cmds.indexOf("AT+MS=V22") + 1);
    expect(cmds.lastIndexOf("AT+MS=V34,1,300,33600,300,33600")).toBeGreaterThan(cmds.indexOf("ATDT5550200"));
  });

  it("a 600-character message goes in three checksummed blocks and arrives whole", async () => {
    const term = serve({ maxMessage: 1000 });
    const text = Array.from({ length: 60 }, (_, i) => `alarm ${String(i).padStart(3, "0")}`)
      .join(" ")
      .slice(0, 600);
    expect((await page({ text })).ok).toBe(true);
    expect(term.pages).toMatchObject([{ message: text, blocks: 3 }]);
  });

  it("NAKed blocks are resent; after 3 resends the page fails", async () => {
    const term = serve({ faults: { nak: 2 } });
    const ok = await page();
    expect(ok.ok).toBe(true);
    expect(ok.transcript.match(/resending/g)).toHaveLength(2);
    expect(term.pages).toHaveLength(1);
    serve({ faults: { nak: 10 } });
    const bad = await page();
    expect(bad).toMatchObject({ ok: false, retryable: true });
    expect(bad.reason).toMatch(/^block 1 of 1 not accepted after 3 resend\(s\): checksum or transmission error \(NAK\)/);
  });

  it("RS: the page fails with the terminal's text and is not worth retrying", async () => {
    serve({ faults: { rs: "505 Alphabetic characters not allowed for this pager" } });
    expect(await page()).toMatchObject({
      ok: false,
      retryable: false,
      reason: "the paging terminal refused the page (RS): 505 Alphabetic characters not allowed for this pager",
    });
    const term = serve();
    expect((await page({ pagerId: "NOSUCH" })).reason).toBe(
      "the paging terminal refused the page (RS): 511 Invalid Pager ID - no subscriber for NOSUCH",
    );
    expect(term.pages).toHaveLength(0);
  });

  it("busy and no answer are clear failures", async () => {
    serve({ faults: { busy: true } });
    expect(await page()).toMatchObject({ ok: false, retryable: true, reason: "the line is busy (BUSY)" });
    const term = serve({ faults: { noAnswer: true } });
    expect(await page()).toMatchObject({ ok: false, retryable: true, reason: "no answer (NO ANSWER)" });
    expect(term.calls.map((c) => c.ending)).toEqual(["unanswered"]);
  });

  it("carrier lost mid-message: a failure, and the port is not left BUSY", async () => {
    const term = serve({ faults: { dropAfterBytes: 8 } });
    const out = await page();
    expect(out).toMatchObject({ ok: false, retryable: true, reason: "carrier lost while sending block 1 of 1" });
    expect(term.calls.map((c) => c.ending)).toEqual(["dropped"]);
  });

  it("a terminal that answers nonsense: no ID= prompt, a failure that quotes what it sent", async () => {
    serve({ faults: { nonsense: true } });
    const out = await page({}, { tap: { idTimeoutMs: 3000 } });
    expect(out.reason).toMatch(/^the paging terminal sent no ID= prompt within 3 s \(it sent: ".*LOAD ERR/);
  });

  it("slow answers (1.5 s each) within t3 still get through", async () => {
    const term = serve({ faults: { slowMs: 1500 } });
    expect((await page()).ok).toBe(true);
    expect(term.pages).toHaveLength(1);
  });

  it("ESC EOT at the logon (go away) and a wrong password fail with the terminal's reason", async () => {
    serve({ faults: { goAway: "115 System going down for maintenance" } });
    expect((await page()).reason).toBe("the paging terminal refused the logon (<ESC><EOT>): 115 System going down for maintenance");
    const term = serve({ password: "ABC123" });
    const wrong = await page({ password: "ABC999" });
    expect(wrong.reason).toMatch(/509 Invalid logon attempt: invalid password/);
    expect(wrong.transcript).not.toContain("ABC999");
    expect((await page({ password: "ABC123" })).ok).toBe(true);
    expect(term.pages).toHaveLength(1);
  });

  it("the serial format: a contact's 8N1 to a strict 7E1 terminal gets no ID=; left out, the terminal's ID= decides", async () => {
    serve({ format: "7E1" });
    // A CR without its parity bit is line noise to this terminal.
    const wrong = await page({ format: "8N1" }, { tap: { idTimeoutMs: 5000 } });
    expect(wrong.reason).toBe("the paging terminal sent no ID= prompt within 5 s");
    const strict8 = serve({ format: "8N1" });
    expect((await page({ format: "8N1" })).ok).toBe(true);
    // No format: the 8N1 terminal ignores the first (7E1) CR probe, answers the second, and its plain ID= says 8N1.
    const auto8 = await page();
    expect(auto8.ok).toBe(true);
    expect(auto8.transcript).toContain("! the terminal speaks 8N1: answering in 8N1");
    expect(strict8.pages).toHaveLength(2);
    serve({ format: "7E1" });
    const auto7 = await page();
    expect(auto7.ok).toBe(true);
    expect(auto7.transcript).toContain("! the terminal speaks 7E1: answering in 7E1");
  });

  it("a terminal that ends its lines LF CR and sends ID= unprompted", async () => {
    const term = serve({ eol: "\n\r", faults: { idUnprompted: true } });
    expect((await page()).ok).toBe(true);
    expect(term.pages).toHaveLength(1);
  });

  it("numeric: the pager service hears the digits; a busy service is a clear failure", async () => {
    const term = serve();
    const checked = checkPage({ kind: "NUMERIC", number: NUMERIC_PAGER, text: "555 0100" }) as TCheckedPage;
    const line = await rig.ports.acquireDialOutPort();
    if (!line) throw new Error("no port");
    const out = await sendPage(line, checked, { numericHoldMs: 100 });
    expect(out).toMatchObject({ ok: true });
    expect(term.numericPages).toMatchObject([{ number: NUMERIC_PAGER, digits: "5550100" }]);
    expect(rig.modem.modem.commands.slice(-2)).toEqual(["ATDT5550300,,,,5550100#;", "ATH"]);
    term.faults = { busy: true };
    expect(await sendPage(line, checked, { numericHoldMs: 100 })).toMatchObject({ ok: false, reason: "the line is busy (BUSY)" });
    expect(term.numericPages).toHaveLength(1);
    await line.release();
    await rig.idle();
  });
});
