import { describe, expect, it } from "vitest";
import { AtClient } from "../../../lib/connect/at-client.ts";
import { HayesModemSim } from "../../sim/hayes-modem.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";

/** A modem with an in-process DTE that records everything the modem prints. */
function rig(network: PhoneNetwork, number?: string) {
  const modem = new HayesModemSim({ network, number, guardMs: 100, waitCarrierMs: 1000, commaMs: 0 });
  let out = "";
  const at = new AtClient({ write: (d) => setImmediate(() => modem.fromDte(d)) });
  modem.attach((b) => {
    out += b;
    at.feed(b);
  });
  return { modem, at, output: () => out, clear: () => (out = "") };
}

const until = async (cond: () => boolean, ms = 3000, what = String(cond)) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met in time: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("Hayes modem simulator", () => {
  it("echoes commands and answers verbose or numeric results", async () => {
    const a = rig(new PhoneNetwork());
    expect((await a.at.command("AT")).code).toBe("OK");
    expect(a.output()).toBe("AT\r\r\nOK\r\n");
    a.clear();
    await a.at.command("ATE0V0");
    a.clear();
    expect((await a.at.command("ATQ0")).text).toBe("0");
    expect(a.output()).toBe("0\r");
    expect((await a.at.command("ATX9")).code).toBe("ERROR");
    expect((await a.at.command("ATS0=2S0?")).code).toBe("OK");
    expect(a.output()).toContain("002");
  });

  it("a dial rings the callee, ATA connects both sides, ATH after +++ drops the far end", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 50, connectDelayMs: 10 });
    const caller = rig(net, "100");
    const callee = rig(net, "200");
    const rings: string[] = [];
    callee.at.onUnsolicited((r) => rings.push(r.code));
    const dialled = caller.at.command("ATDT2,00", 3000);
    await until(() => rings.length > 0);
    expect(rings[0]).toBe("RING");
    expect((await callee.at.command("ATA", 3000)).text).toBe("CONNECT 9600");
    expect((await dialled).text).toBe("CONNECT 9600");
    let got = "";
    callee.at.setDataHandler((b) => (got += b));
    caller.at.writeData("hello+++world");
    await until(() => got === "hello+++world");
    let lost = false;
    callee.at.onCarrierLost(() => (lost = true));
    await caller.at.hangup(100);
    await until(() => lost);
    expect(caller.modem.mode).toBe("command");
    expect(net.activeCalls).toBe(0);
  });

  it("S0 auto-answers after n rings", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 30, connectDelayMs: 5 });
    const caller = rig(net, "1");
    const callee = rig(net, "2");
    await callee.at.command("ATS0=2");
    expect((await caller.at.command("ATD2", 3000)).code).toBe("CONNECT");
    expect(callee.output().match(/RING/g)).toHaveLength(2);
  });

  it("a busy line is BUSY under X4 and NO CARRIER under X1; an unanswered call is NO ANSWER", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 1000 });
    const a = rig(net, "1");
    const b = rig(net, "2");
    rig(net, "3");
    const ringing = b.at.command("ATD3", 3000);
    await until(() => b.modem.busy);
    expect((await a.at.command("ATX4DT2")).code).toBe("BUSY");
    expect((await a.at.command("ATX1DT2")).code).toBe("NO CARRIER");
    expect((await a.at.command("ATX4DT9")).code).toBe("NO DIALTONE");
    expect((await ringing).code).toBe("NO ANSWER");
  });

  it("ATO returns to data mode after an escape; a dial with ; stays in command mode and sends tones", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 30, connectDelayMs: 5 });
    const tones: string[] = [];
    net.onTones("5551234", (d) => tones.push(d));
    const a = rig(net, "1");
    const b = rig(net, "2");
    await b.at.command("ATS0=1");
    expect((await a.at.command("ATD2", 3000)).code).toBe("CONNECT");
    expect(await a.at.escape(100)).toBe(true);
    expect(a.modem.mode).toBe("online-command");
    expect((await a.at.command("ATO")).code).toBe("CONNECT");
    expect(a.modem.mode).toBe("online");
    await a.at.hangup(100);
    expect((await a.at.command("ATDT5551234,,42#;")).code).toBe("OK");
    await until(() => tones.length > 0);
    expect(tones).toEqual(["42#"]);
  });

  it("DTR drop hangs up under &D2 and only leaves data mode under &D1", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 30, connectDelayMs: 5 });
    const a = rig(net, "1");
    const b = rig(net, "2");
    await b.at.command("ATS0=1");
    await a.at.command("AT&D1");
    await a.at.command("ATD2", 3000);
    a.modem.setDtr(false);
    expect(a.modem.mode).toBe("online-command");
    expect(a.modem.inCall).toBe(true);
    a.at.leaveData();
    await a.at.command("AT&D2");
    a.modem.setDtr(false);
    expect(a.modem.inCall).toBe(false);
    await until(() => b.modem.mode === "command");
  });

  it("with +VCID=1 the callee's modem prints the caller's number between the first and second ring", async () => {
    const net = new PhoneNetwork({ ringIntervalMs: 50, connectDelayMs: 5 });
    const caller = rig(net, "5559001001");
    const callee = rig(net, "200");
    expect((await callee.at.command("AT+VCID=1")).code).toBe("OK");
    const info: string[] = [];
    callee.at.onInfo((l) => info.push(l));
    void caller.at.command("ATD200", 3000).catch(() => {});
    await until(() => (callee.output().match(/RING/g) ?? []).length >= 2);
    expect(callee.output()).toMatch(/RING\r\n\r\nDATE = \d{4}\r\n\r\nTIME = \d{4}\r\n\r\nNMBR = 5559001001\r\n\r\nRING/);
    expect(info).toContain("NMBR = 5559001001");
    expect((await callee.at.command("AT+VCID=9")).code).toBe("ERROR");
    await caller.at.command("ATH");
  });

  it("a muted modem answers nothing", async () => {
    const a = rig(new PhoneNetwork());
    a.modem.mute = true;
    await expect(a.at.command("AT", 200)).rejects.toThrow(/no answer/);
  });
});
