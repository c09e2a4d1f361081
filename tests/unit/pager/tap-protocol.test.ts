import { describe, expect, it } from "vitest";
import {
  decodeFrom,
  encodeFor,
  formatOf,
  printable,
  TAP_DEFAULTS,
  TapClient,
  TapReader,
  type TTapStep,
  tapBlocks,
  tapChecksum,
  tapText,
} from "../../../lib/notify/pager/index.ts";

const STX = "\x02";
const ETX = "\x03";
const ACK = "\x06\r";
const NAK = "\x15\r";
const RS = "\x1e\r";
const BYE = "\x1b\x04\r";
const GO = "\x1b[p\r";

/** A client already past the logon, its first block just sent; `now` is the clock. */
function loggedIn(message = "ABC", opts = {}) {
  const c = new TapClient({ pagerId: "123", message }, opts);
  c.start(0);
  c.feed("ID=", 100);
  c.feed(`110 1.8\r${ACK}`, 200);
  const s = c.feed(GO, 300);
  return { c, first: s };
}

describe("TAP checksum and blocks", () => {
  it("the spec's example: <STX>123<CR>ABC<CR><ETX> sums to 379 = 0x17B → 17;", () => {
    expect(tapChecksum(`${STX}123\rABC\r${ETX}`)).toBe("17;");
    expect(tapBlocks("123", "ABC")).toEqual([`${STX}123\rABC\r${ETX}17;\r`]);
  });

  it("sums 7-bit values and keeps 12 bits (a parity bit does not change the checksum)", () => {
    const text = "x".repeat(40);
    expect(tapChecksum(text)).toBe(tapChecksum(encodeFor("7E1", text)));
    const sum = (120 * 40) & 0xfff;
    expect(tapChecksum(text)).toBe([sum >> 8, (sum >> 4) & 15, sum & 15].map((n) => String.fromCharCode(48 + n)).join(""));
  });

  it("a long message is split into blocks of at most 256 characters: US when a field is cut, ETX at the end", () => {
    const message = Array.from({ length: 600 }, (_, i) => String.fromCharCode(65 + (i % 26))).join("");
    const blocks = tapBlocks("5551234", message);
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b.length).toBeLessThanOrEqual(256);
      expect(b.startsWith(STX)).toBe(true);
      expect(tapChecksum(b.slice(0, -4))).toBe(b.slice(-4, -1));
    }
    expect(blocks.map((b) => b.at(-5))).toEqual(["\x1f", "\x1f", ETX]);
    expect(blocks.map((b) => b.slice(1, -5)).join("")).toBe(`5551234\r${message}\r`);
    expect(blocks[0]?.length).toBe(256);
  });

  it("a block that ends on a field boundary ends with ETB (the transaction goes on)", () => {
    const pagerId = "9".repeat(29);
    const blocks = tapBlocks(pagerId, "HELLO WORLD", 30);
    expect(blocks.map((b) => b.at(-5))).toEqual(["\x17", ETX]);
    expect(blocks[0]).toBe(`${STX}${pagerId}\r\x17${tapChecksum(`${STX}${pagerId}\r\x17`)}\r`);
  });

  it("message text becomes 7-bit printable: accents folded, line breaks spaces, control characters dropped, cut to the pager", () => {
    expect(tapText("Café\r\nDS1-BD\tMAJOR \x1b[1m€  ")).toBe("Cafe DS1-BD MAJOR [1m?");
    expect(tapText("0123456789 ABCDEF", 11)).toBe("0123456789");
  });
});

describe("7E1 over an 8N1 line", () => {
  it("every character gets even parity in bit 7, and receiving strips it", () => {
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join("");
    const wire = encodeFor("7E1", all);
    for (let i = 0; i < wire.length; i++) {
      const b = wire.charCodeAt(i);
      let ones = 0;
      for (let x = b; x; x >>= 1) ones += x & 1;
      expect(ones % 2).toBe(0);
      expect(b & 0x7f).toBe(i);
    }
    expect(wire.charCodeAt(0x43)).toBe(0xc3); // 'C' = 1000011: three ones, parity set
    expect(wire.charCodeAt(0x41)).toBe(0x41); // 'A' = 1000001: two ones
    expect(decodeFrom(wire)).toBe(all);
    expect(encodeFor("8N1", all)).toBe(all);
  });

  it("a terminal's bytes tell its format: bit 7 set is 7E1, an odd-weight character without it is 8N1", () => {
    expect(formatOf(encodeFor("7E1", "ID="))).toBe("7E1");
    expect(formatOf("ID=")).toBe("8N1");
    expect(formatOf("\r\n")).toBeNull();
    expect(formatOf("AA")).toBeNull(); // 'A' has two ones: the same in both
  });
});

describe("TapReader: liberal about what terminals send", () => {
  const read = (...chunks: string[]) => {
    const r = new TapReader();
    return chunks.flatMap((c) => r.feed(c));
  };

  it("ID= with or without an end of line, after other text, in any case, split across reads", () => {
    expect(read("ID=")).toEqual([{ type: "id" }]);
    expect(read("\r\nWelcome to PageNet\r\nid =\r\n")).toEqual([{ type: "text", line: "Welcome to PageNet" }, { type: "id" }]);
    expect(read("I", "D", "=")).toEqual([{ type: "id" }]);
    expect(read("PLEASE ENTER ID=")).toEqual([{ type: "text", line: "PLEASE ENTER" }, { type: "id" }]);
  });

  it("control codes with or without CRs around them, with text before them, CR LF CRLF LFCR", () => {
    expect(read("110 1.8\r114 Hello\r\x06\r")).toEqual([
      { type: "text", line: "110 1.8" },
      { type: "text", line: "114 Hello" },
      { type: "ack" },
    ]);
    expect(read("211 Page sent\x06")).toEqual([{ type: "text", line: "211 Page sent" }, { type: "ack" }]);
    expect(read("\n\r511 Invalid ID\n\r\x1e\n\r")).toEqual([{ type: "text", line: "511 Invalid ID" }, { type: "rs" }]);
    expect(read("\x15")).toEqual([{ type: "nak" }]);
  });

  it("escape sequences split anywhere, `[P` in upper case, stray ESC and noise ignored", () => {
    expect(read("\x1b", "[", "p", "\r")).toEqual([{ type: "go-ahead" }]);
    expect(read("\x1b[P")).toEqual([{ type: "go-ahead" }]);
    expect(read("115 Bye\r\x1b", "\x04\r")).toEqual([{ type: "text", line: "115 Bye" }, { type: "disconnect" }]);
    expect(read("\x1bX\x07\x00OK\r")).toEqual([{ type: "text", line: "XOK" }]);
  });

  it("a line that never ends is cut at 512 characters instead of growing", () => {
    const tokens = read("z".repeat(1100));
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toEqual({ type: "text", line: "z".repeat(512) });
  });
});

describe("TapClient: the entry device's state machine", () => {
  it("a whole call as in the spec's sample session (appendix C)", () => {
    const c = new TapClient({ pagerId: "123", message: "ABC" });
    expect(c.start(0)).toEqual({ send: "\r", wakeAt: 2000, result: null });
    expect(c.tick(1999).send).toBe("");
    expect(c.tick(2000)).toMatchObject({ send: "\r", wakeAt: 4000 });
    expect(c.feed("ID=", 2500)).toMatchObject({ send: "\x1bPG1\r", wakeAt: 12_500 });
    expect(c.feed("110 1.7\rThank you for calling the PCIA\r\x06\r", 2600)).toMatchObject({ send: "", wakeAt: 12_600 });
    expect(c.feed(GO, 2700)).toMatchObject({ send: `${STX}123\rABC\r${ETX}17;\r`, wakeAt: 12_700 });
    expect(c.feed(`211 Page accepted\r${ACK}`, 2800)).toMatchObject({ send: "\x04\r" });
    const end = c.feed(`115 Thank you for calling\r${BYE}`, 2900);
    expect(end.result).toEqual({
      ok: true,
      reason: null,
      retryable: false,
      phase: "wait-goodbye",
      replies: ["110 1.7", "211 Page accepted", "115 Thank you for calling"],
    });
    expect(end.wakeAt).toBeNull();
    expect(c.transcript).toContain("> <STX>123<CR>ABC<CR><ETX>17;<CR>");
    expect(c.transcript).toContain("< 211 Page accepted");
  });

  it("the password is sent after PG1 but masked in the transcript", () => {
    const c = new TapClient({ pagerId: "123", message: "x", password: "SECRET" });
    c.start(0);
    expect(c.feed("ID=", 10).send).toBe("\x1bPG1SECRET\r");
    expect(c.transcript.join("\n")).not.toContain("SECRET");
    expect(c.transcript).toContain("> <ESC>PG1******<CR>");
  });

  it("NAK resends the block, at most n2 = 3 times, then the page fails", () => {
    const { c, first } = loggedIn();
    const sends = [first.send];
    for (let i = 1; i <= 3; i++) sends.push(c.feed(`503 bad checksum\r${NAK}`, 300 + i).send);
    expect(new Set(sends).size).toBe(1);
    expect(sends).toHaveLength(4);
    const last = c.feed(NAK, 400);
    expect(last.send).toBe("");
    expect(last.result).toMatchObject({ ok: false, retryable: true, phase: "wait-block" });
    expect(last.result?.reason).toMatch(/block 1 of 1 not accepted after 3 resend\(s\).*NAK/);
  });

  it("a NAK or two, then ACK: the page goes through", () => {
    const { c } = loggedIn();
    c.feed(NAK, 400);
    c.feed(NAK, 500);
    expect(c.feed(ACK, 600).send).toBe("\x04\r");
    expect(c.feed(BYE, 700).result?.ok).toBe(true);
  });

  it("RS refuses the page with the terminal's own text; the call still ends with EOT; only 512 is worth retrying", () => {
    const { c } = loggedIn();
    const s = c.feed(`511 Invalid Pager ID - no subscriber\r${RS}`, 400);
    expect(s.send).toBe("\x04\r");
    const end = c.feed(`115 Goodbye\r${BYE}`, 500);
    expect(end.result).toMatchObject({
      ok: false,
      retryable: false,
      reason: "the paging terminal refused the page (RS): 511 Invalid Pager ID - no subscriber",
    });
    const t = loggedIn().c;
    t.feed(`512 Temporarily cannot deliver - try later\r${RS}`, 400);
    expect(t.feed(BYE, 500).result).toMatchObject({ ok: false, retryable: true });
  });

  it("RS after the block was acknowledged (step 10b) still fails the page", () => {
    const { c } = loggedIn();
    c.feed(ACK, 400);
    c.feed(`505 alphabetic characters not allowed\r${RS}`, 500);
    expect(c.feed(BYE, 600).result).toMatchObject({ ok: false, reason: expect.stringMatching(/after accepting it.*505/) });
  });

  it("ESC EOT at the logon: refused, with the reason the terminal gave", () => {
    const c = new TapClient({ pagerId: "1", message: "x" });
    c.start(0);
    c.feed("ID=", 10);
    const s = c.feed(`509 Invalid password\r${BYE}`, 20);
    // A wrong password is wrong on every port: not worth another call.
    expect(s.result).toMatchObject({ ok: false, retryable: false, phase: "wait-login" });
    expect(s.result?.reason).toBe("the paging terminal refused the logon (<ESC><EOT>): 509 Invalid password");
    const busy = new TapClient({ pagerId: "1", message: "x" });
    busy.start(0);
    busy.feed("ID=", 10);
    expect(busy.feed(`115 System busy, call later\r${BYE}`, 20).result).toMatchObject({ ok: false, retryable: true });
  });

  it("ESC EOT in the middle of a message ends the call as failed", () => {
    const { c } = loggedIn("y".repeat(600));
    c.feed(ACK, 400);
    const s = c.feed(`501 Time-out\r${BYE}`, 500);
    expect(s.result?.reason).toBe("the paging terminal hung up at block 2 of 3 (<ESC><EOT>): 501 Time-out");
  });

  it("a long message goes block by block, each after the previous one's ACK", () => {
    const message = "m".repeat(520);
    const { c, first } = loggedIn(message);
    const blocks = tapBlocks("123", message);
    expect(first.send).toBe(blocks[0]);
    expect(c.feed(ACK, 400).send).toBe(blocks[1]);
    expect(c.feed(NAK, 450).send).toBe(blocks[1]);
    expect(c.feed(ACK, 500).send).toBe(blocks[2]);
    expect(c.feed(ACK, 600).send).toBe("\x04\r");
    expect(c.blockCount).toBe(3);
  });

  it("logon NAKed: logs on again, at most n1 = 3 attempts", () => {
    const c = new TapClient({ pagerId: "1", message: "x" });
    c.start(0);
    c.feed("ID=", 10);
    expect(c.feed(NAK, 20).send).toBe("\x1bPG1\r");
    expect(c.feed(NAK, 30).send).toBe("\x1bPG1\r");
    const s = c.feed(`507 Invalid logon\r${NAK}`, 40);
    expect(s.result?.reason).toBe("logon failed after 3 attempt(s): logon refused (NAK): 507 Invalid logon");
    const ok = new TapClient({ pagerId: "1", message: "x" });
    ok.start(0);
    ok.feed("ID=", 10);
    ok.feed(NAK, 20);
    ok.feed(ACK, 30);
    expect(ok.feed(GO, 40).send.startsWith(STX)).toBe(true);
  });

  it("a terminal that skips the ACK and sends the go-ahead at once is fine", () => {
    const c = new TapClient({ pagerId: "1", message: "x" });
    c.start(0);
    c.feed("ID=", 10);
    expect(c.feed(GO, 20).send.startsWith(STX)).toBe(true);
  });

  it("an ID= right behind the logon (an answer to an extra CR probe) is ignored; one after t2 asks for the logon again", () => {
    const c = new TapClient({ pagerId: "1", message: "x" });
    c.start(0);
    c.feed("ID=", 1000);
    expect(c.feed("ID=", 1500).send).toBe("");
    expect(c.feed("ID=", 2100).send).toBe("\x1bPG1\r");
  });

  describe("timeouts, on a fake clock", () => {
    it("no ID=: CR every t1 = 2 s, and after 20 s the call fails saying what the terminal sent instead", () => {
      const c = new TapClient({ pagerId: "1", message: "x" });
      let s: TTapStep = c.start(0);
      let crs = s.send.length;
      c.feed("garbage!\r", 500);
      while (!s.result && s.wakeAt !== null) {
        s = c.tick(s.wakeAt);
        crs += s.send.length;
      }
      expect(crs).toBe(10);
      expect(s.result?.reason).toBe('the paging terminal sent no ID= prompt within 20 s (it sent: "garbage!")');
      expect(s.result?.retryable).toBe(true);
    });

    it("no answer to the logon for t3 = 10 s: logs on again, fails after n1", () => {
      const c = new TapClient({ pagerId: "1", message: "x" });
      c.start(0);
      let s = c.feed("ID=", 100);
      expect(s.wakeAt).toBe(10_100);
      s = c.tick(10_100);
      expect(s.send).toBe("\x1bPG1\r");
      s = c.tick(s.wakeAt ?? 0);
      s = c.tick(s.wakeAt ?? 0);
      expect(s.result?.reason).toBe("logon failed after 3 attempt(s): no answer to the logon within 10 s");
      expect(s.result?.phase).toBe("wait-login");
    });

    it("logon accepted but no go-ahead within t3: fails", () => {
      const c = new TapClient({ pagerId: "1", message: "x" });
      c.start(0);
      c.feed("ID=", 100);
      const s = c.feed(ACK, 200);
      expect(c.tick((s.wakeAt ?? 0) - 1).result).toBeNull();
      expect(c.tick(s.wakeAt ?? 0).result?.reason).toBe("logon accepted, but no go-ahead (<ESC>[p) within 10 s");
    });

    it("a block with no answer is resent after t3, n2 times, then the page fails", () => {
      const { c, first } = loggedIn();
      let s = first;
      const resent: number[] = [];
      while (!s.result && s.wakeAt !== null) {
        const at = s.wakeAt;
        s = c.tick(at);
        if (s.send) resent.push(at);
      }
      expect(resent).toEqual([10_300, 20_300, 30_300]);
      expect(s.result?.reason).toBe("block 1 of 1 not accepted after 3 resend(s): no answer within 10 s");
    });

    it("'111 please wait' extends the wait (a bounded number of times)", () => {
      const { c, first } = loggedIn();
      expect(first.wakeAt).toBe(10_300);
      expect(c.feed("111 Processing - please wait\r", 9000).wakeAt).toBe(19_000);
    });

    it("the page was acknowledged but the terminal never says goodbye: still sent", () => {
      const { c } = loggedIn();
      const s = c.feed(ACK, 400);
      const end = c.tick(s.wakeAt ?? 0);
      expect(end.result).toMatchObject({ ok: true });
      expect(c.transcript.at(-1)).toBe("! no <ESC><EOT> within 10 s of <EOT>: hanging up");
    });

    it("timings and retries are configurable", () => {
      const c = new TapClient({ pagerId: "1", message: "x" }, { t1Ms: 500, idTimeoutMs: 1000, t3Ms: 300, n2: 1 });
      expect(c.start(0).wakeAt).toBe(500);
      expect(c.tick(500).wakeAt).toBe(1000);
      expect(c.tick(1000).result?.reason).toMatch(/within 1 s/);
      const d = new TapClient({ pagerId: "1", message: "x" }, { t3Ms: 300, n2: 1 });
      d.start(0);
      d.feed(`ID=${ACK}${GO}`, 10);
      expect(d.tick(310).send.startsWith(STX)).toBe(true);
      expect(d.tick(610).result?.reason).toMatch(/after 1 resend/);
      expect(TAP_DEFAULTS).toMatchObject({ t1Ms: 2000, t2Ms: 1000, t3Ms: 10_000, t4Ms: 4000, t5Ms: 8000, n1: 3, n2: 3, n3: 3 });
    });
  });

  it("carrier lost mid-message fails the page; after our EOT it is just the terminal hanging up", () => {
    const { c } = loggedIn();
    expect(c.carrierLost(500).result).toMatchObject({ ok: false, retryable: true, reason: "carrier lost while sending block 1 of 1" });
    const d = loggedIn().c;
    d.feed(ACK, 400);
    expect(d.carrierLost(500).result).toMatchObject({ ok: true });
    const e = new TapClient({ pagerId: "1", message: "x" });
    e.start(0);
    expect(e.carrierLost(10).result?.reason).toBe("carrier lost before the ID= prompt");
  });

  it("a terminal using LF CR line ends and no CR before its control codes works the same", () => {
    const c = new TapClient({ pagerId: "123", message: "ABC" });
    c.start(0);
    c.feed("\n\rWELCOME\n\rID=\n\r", 10);
    c.feed("110 1.8\n\r\x06", 20);
    c.feed("\x1b[p", 30);
    c.feed("211 OK\x06", 40);
    expect(c.feed("\x1b\x04", 50).result?.ok).toBe(true);
  });

  it("once done, nothing more happens", () => {
    const { c } = loggedIn();
    c.carrierLost(500);
    expect(c.feed(ACK, 600)).toMatchObject({ send: "", wakeAt: null });
    expect(c.tick(99_999).send).toBe("");
  });

  it("printable() shows control characters by name", () => {
    expect(printable(`${STX}1\r${ETX}\x1b\x04\x1e\x06\x15\x17\x1f\x99`)).toBe("<STX>1<CR><ETX><ESC><EOT><RS><ACK><NAK><ETB><US><99>");
  });
});
