import { describe, expect, it } from "vitest";
import { TapTerminalSession } from "../../sim/tap-terminal.ts";

const cfg = { format: "8N1" as const, pagerIds: /^\d+$/, maxMessage: 10, eol: "\r", t1Ms: 2000, t2Ms: 1000, t4Ms: 4000, t5Ms: 8000, n3: 3 };
const settle = () => new Promise((r) => setTimeout(r, 120));

/** The simulator's terminal on its own, fed the spec's sample session (appendix C) byte for byte. */
function session(faults = {}) {
  let out = "";
  let hungUp = false;
  const s = new TapTerminalSession(cfg, faults, { send: (b) => (out += b), hangup: () => (hungUp = true) });
  s.connected();
  return { s, out: () => out, clear: () => (out = ""), hungUp: () => hungUp };
}

describe("paging terminal simulator (TAP 1.8 terminal side)", () => {
  it("accepts the spec's example block <STX>123<CR>ABC<CR><ETX>17;<CR> and says goodbye", async () => {
    const t = session();
    t.s.receive("\r");
    await settle();
    expect(t.out()).toBe("ID=");
    t.clear();
    t.s.receive("\x1bPG1\r");
    await settle();
    expect(t.out()).toBe("110 1.8\r114 Klaxon paging terminal simulator\r\x06\r\x1b[p\r");
    t.clear();
    t.s.receive("\x02123\rABC\r\x0317;\r");
    await settle();
    expect(t.out()).toBe("211 Page(s) Sent Successfully\r\x06\r");
    expect(t.s.pages).toEqual([{ pagerId: "123", message: "ABC", blocks: 1 }]);
    t.clear();
    t.s.receive("\x04\r");
    await settle();
    expect(t.out()).toMatch(/^115 .*\r\x1b\x04\r$/);
    expect(t.hungUp()).toBe(true);
    expect(t.s.ending).toBe("goodbye");
  });

  it("a wrong checksum is NAKed; a long message is cut and answered 212", async () => {
    const t = session();
    t.s.receive("\r");
    await settle();
    t.s.receive("\x1bPG1\r");
    await settle();
    t.clear();
    t.s.receive("\x02123\rABC\r\x0317<\r");
    await settle();
    expect(t.out()).toBe("\x15\r");
    t.clear();
    const body = "\x02123\rABCDEFGHIJKLMNOP\r\x03";
    let sum = 0;
    for (const ch of body) sum += ch.charCodeAt(0);
    const ck = [(sum >> 8) & 15, (sum >> 4) & 15, sum & 15].map((n) => String.fromCharCode(48 + n)).join("");
    t.s.receive(`${body}${ck}\r`);
    await settle();
    expect(t.out()).toBe("212 Long message truncated and sent\r\x06\r");
    expect(t.s.pages.at(-1)?.message).toBe("ABCDEFGHIJ");
    t.s.end("caller");
  });
});
