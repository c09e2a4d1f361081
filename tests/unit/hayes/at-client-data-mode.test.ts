import { describe, expect, it } from "vitest";
import { AtClient } from "../../../lib/connect/at-client.ts";

/** An AtClient that has just answered a call, with the CONNECT in the given form. */
async function online(connect: string) {
  const at = new AtClient({ write: () => {} });
  const answered = at.command("ATA", 1000);
  at.feed(connect);
  await answered;
  let data = "";
  let lost = false;
  at.setDataHandler((b) => (data += b));
  at.onCarrierLost(() => (lost = true));
  return { at, data: () => data, lost: () => lost };
}

const FRAME = "\x02I2|03|ACT|1000000003|DS1-BD|01A03||MAJOR|y|03/13/03:33\x033333\r";

describe("AtClient in data mode", () => {
  it("after a numeric CONNECT, `3` CR at a line start is NO CARRIER, even split across reads", async () => {
    const c = await online("12\r");
    expect(c.at.mode).toBe("data");
    c.at.feed(FRAME);
    c.at.feed("\x0203|3\r3");
    expect(c.lost()).toBe(false);
    c.at.feed("\r");
    expect(c.lost()).toBe(true);
    expect(c.at.mode).toBe("command");
    expect(c.data().startsWith(FRAME)).toBe(true);
  });

  it("after a numeric CONNECT, a drop right at the start of data mode is seen", async () => {
    const c = await online("1\r3\r");
    // Gone before anyone listened: the port sees it as `mode` (modem-port's callLine checks it).
    expect(c.at.mode).toBe("command");
    expect(c.data()).toBe("");
  });

  it("record data full of 3s is not misread: inside a line, or after a verbose CONNECT", async () => {
    const n = await online("12\r");
    n.at.feed(`${FRAME}${FRAME}x3\r33\r`);
    expect(n.lost()).toBe(false);
    expect(n.data()).toBe(`${FRAME}${FRAME}x3\r33\r`);
    const v = await online("\r\nCONNECT 9600\r\n");
    v.at.feed(`${FRAME}3\r`);
    expect(v.lost()).toBe(false);
    expect(v.data()).toBe(`${FRAME}3\r`);
    v.at.feed("\r\nNO CARRIER\r\n");
    expect(v.lost()).toBe(true);
  });

  it("hanging up when the far end drops the line during the guard time: no +++, just ATH", async () => {
    const written: string[] = [];
    const at = new AtClient({ write: (d) => written.push(d) });
    const answered = at.command("ATA", 1000);
    at.feed("\r\nCONNECT 1200\r\n");
    await answered;
    const t0 = Date.now();
    const hung = at.hangup(200);
    setTimeout(() => at.feed("\r\nNO CARRIER\r\n"), 50);
    setTimeout(() => at.feed("\r\nOK\r\n"), 400);
    await hung;
    // Without the check the +++ would wait guard × 3 + 1 s for an OK first.
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(written).toEqual(["ATA\r", "ATH\r"]);
  });
});
