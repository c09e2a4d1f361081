import { describe, expect, it } from "vitest";
import { DO, DONT, IAC, OPT, SB, SE, TelnetClientCodec, WILL, WONT } from "../../../lib/connect/sat/telnet-codec.ts";

const b = (...x: number[]) => Buffer.from(x);
const feed = (c: TelnetClientCodec, ...chunks: Buffer[]) => {
  const data: Buffer[] = [];
  const reply: Buffer[] = [];
  for (const ch of chunks) {
    const r = c.receive(ch);
    data.push(r.data);
    reply.push(r.reply);
  }
  return { data: Buffer.concat(data), reply: Buffer.concat(reply) };
};

describe("telnet client codec (RFC 854 / 1143)", () => {
  it("accepts the server's ECHO and SGA, refuses what it does not support, once each", () => {
    const c = new TelnetClientCodec();
    const r = feed(c, b(IAC, WILL, OPT.ECHO, IAC, WILL, OPT.SGA, IAC, WILL, 5, IAC, DO, OPT.NAWS, IAC, DO, 34));
    expect([...r.reply]).toEqual([IAC, DO, OPT.ECHO, IAC, DO, OPT.SGA, IAC, DONT, 5, IAC, WONT, OPT.NAWS, IAC, WONT, 34]);
    expect(c.serverEchoes).toBe(true);
    // The same offers again are confirmations: no reply, so two peers never loop.
    expect([...feed(c, b(IAC, WILL, OPT.ECHO, IAC, WONT, 5, IAC, DONT, OPT.NAWS)).reply]).toEqual([]);
  });

  it("a server turning ECHO off is acknowledged once; DO SGA is agreed to", () => {
    const c = new TelnetClientCodec();
    feed(c, b(IAC, WILL, OPT.ECHO));
    expect([...feed(c, b(IAC, WONT, OPT.ECHO)).reply]).toEqual([IAC, DONT, OPT.ECHO]);
    expect(c.serverEchoes).toBe(false);
    expect([...feed(c, b(IAC, DO, OPT.SGA)).reply]).toEqual([IAC, WILL, OPT.SGA]);
    expect([...feed(c, b(IAC, DONT, OPT.SGA)).reply]).toEqual([IAC, WONT, OPT.SGA]);
  });

  it("TERMINAL-TYPE: WILL only when a type is configured, then IS <type> to SEND", () => {
    expect([...feed(new TelnetClientCodec(), b(IAC, DO, OPT.TTYPE)).reply]).toEqual([IAC, WONT, OPT.TTYPE]);
    const c = new TelnetClientCodec({ terminalType: "VT220" });
    expect([...feed(c, b(IAC, DO, OPT.TTYPE)).reply]).toEqual([IAC, WILL, OPT.TTYPE]);
    const r = feed(c, b(IAC, SB, OPT.TTYPE, 1, IAC, SE));
    expect([...r.reply]).toEqual([IAC, SB, OPT.TTYPE, 0, ...Buffer.from("VT220"), IAC, SE]);
  });

  it("commands split across reads at every byte still parse; data around them survives", () => {
    const wire = Buffer.concat([
      Buffer.from("Log"),
      b(IAC, WILL, OPT.ECHO),
      Buffer.from("in"),
      b(IAC, SB, OPT.TTYPE, 1, IAC, SE),
      Buffer.from(": "),
    ]);
    const c = new TelnetClientCodec({ terminalType: "VT220" });
    const r = feed(c, ...[...wire].map((x) => b(x)));
    expect(r.data.toString("latin1")).toBe("Login: ");
    expect([...r.reply]).toEqual([IAC, DO, OPT.ECHO]);
  });

  it("IAC IAC is a 255 data byte; CR NUL reads as CR (also split); binary mode keeps NUL", () => {
    const c = new TelnetClientCodec();
    expect([...feed(c, b(65, IAC, IAC, 66)).data]).toEqual([65, 255, 66]);
    expect([...feed(c, b(13), b(0), b(10, 13, 10)).data]).toEqual([13, 10, 13, 10]);
    feed(c, b(IAC, WILL, OPT.BINARY));
    expect([...feed(c, b(13, 0)).data]).toEqual([13, 0]);
  });

  it("encodes: 255 doubled, CR alone → CR NUL, LF alone → CR LF, CR LF kept", () => {
    const c = new TelnetClientCodec();
    expect([...c.encode(Buffer.from([1, 255, 2]))]).toEqual([1, 255, 255, 2]);
    expect([...c.encode("a\rb\nc\r\n")]).toEqual([97, 13, 0, 98, 13, 10, 99, 13, 10]);
  });

  it("survives random bytes without throwing and with bounded output", () => {
    const c = new TelnetClientCodec({ terminalType: "VT220" });
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256)));
      const r = c.receive(junk);
      expect(r.data.length).toBeLessThanOrEqual(64);
      expect(r.reply.length).toBeLessThan(64 * 4);
    }
  });
});
