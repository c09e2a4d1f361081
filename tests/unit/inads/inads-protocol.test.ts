import { describe, expect, it } from "vitest";
import {
  ackFor,
  crc16,
  decodeBody,
  END_OF_CALL,
  encodeRecord,
  INADS_EXAMPLES,
  INADS_REFUSED_EXAMPLES,
  InadsCaller,
  InadsReceiver,
  inadsRecordToIntake,
  NAK_REPLY,
  nakFor,
  type TInadsRecord,
} from "../../../lib/alarms/inads/index.ts";
import { dedupKeyOf } from "../../../lib/alarms/index.ts";

const rec = (seq: number, over: Partial<TInadsRecord> = {}): TInadsRecord => ({
  seq,
  type: "ACT",
  productId: "1000000001",
  maintObject: "DS1-BD",
  port: `01A0${seq % 10}`,
  altName: "",
  alarmType: "MAJOR",
  onBoard: "n",
  alarmedAt: "03/14/09:26",
  ...over,
});

/** Runs caller and receiver against each other through a lossless in-memory line; a quiet line is a reply timeout. */
function converse(caller: InadsCaller, receiver: InadsReceiver, tamper: (bytes: string) => string = (b) => b) {
  const events = [];
  let toReceiver = caller.start().send;
  for (let rounds = 0; rounds < 200 && !caller.done; rounds++) {
    const r = receiver.feed(tamper(toReceiver));
    events.push(...r.events);
    const c = r.send ? caller.feed(r.send) : caller.timeout();
    toReceiver = c.send;
  }
  return events;
}

describe("INADS spec v2 (and v1 compatibility)", () => {
  it("CRC-16/CCITT-FALSE matches the standard check value", () => {
    expect(crc16("123456789")).toBe(0x29b1);
  });

  it("the codec produces exactly the spec's example frames, and decodes them back", () => {
    for (const ex of INADS_EXAMPLES) {
      expect(encodeRecord(ex.record, ex.version)).toBe(ex.frame);
      const r = new InadsReceiver().feed(ex.frame);
      expect(r.events).toEqual([{ type: "record", record: ex.record, frame: expect.any(String), version: ex.version }]);
      expect(r.send).toBe(ex.reply);
      expect(r.send).toBe(ackFor(ex.record.seq));
    }
    expect(encodeRecord(INADS_EXAMPLES[0]!.record)).toMatch(/^\x02I2\|/);
  });

  it("refuses the spec's bad frames with exactly the NAK of their version (v2 names the seq, v1 and unreadable headers get a plain NAK)", () => {
    for (const ex of INADS_REFUSED_EXAMPLES) {
      const r = new InadsReceiver().feed(ex.frame);
      expect(r.events).toEqual([expect.objectContaining({ type: "nak", reason: ex.reason })]);
      expect(r.send).toBe(ex.reply);
    }
    expect(nakFor({ version: "I2", seq: 5 })).toBe("\x1505\r");
    expect(nakFor({ version: "I1", seq: 5 })).toBe(NAK_REPLY);
  });

  it("rejects bodies that break the format with a reason", () => {
    expect(decodeBody("I1|01|XXX|1000000001||||||")).toMatchObject({ ok: false, reason: expect.stringMatching(/type/) });
    expect(decodeBody("I1|01|ACT|123||||||")).toMatchObject({ ok: false, reason: expect.stringMatching(/product/) });
    expect(decodeBody("I9|01|ACT|1000000001||||||")).toMatchObject({ ok: false, reason: expect.stringMatching(/version/) });
    expect(() => encodeRecord(rec(1, { altName: "a|b" }))).toThrow();
  });

  it("a record split into single bytes is assembled and acknowledged once", () => {
    const rx = new InadsReceiver();
    const frame = encodeRecord(rec(7));
    const events = [...frame].flatMap((ch) => rx.feed(ch).events);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "record", record: { seq: 7 } });
  });

  it("a bad checksum is NAKed, the caller resends, and the record is stored once", () => {
    let corrupt = 2;
    const caller = new InadsCaller([rec(1), rec(2)]);
    const rx = new InadsReceiver();
    const events = converse(caller, rx, (b) => (b.startsWith("\x02I2|01") && corrupt-- > 0 ? b.replace("DS1", "DSX") : b));
    expect(events.filter((e) => e.type === "nak")).toHaveLength(2);
    expect(events.filter((e) => e.type === "record").map((e) => (e.type === "record" ? e.record.seq : -1))).toEqual([1, 2]);
    expect(events.at(-1)).toEqual({ type: "end" });
    expect(caller.acked).toEqual([1, 2]);
  });

  it("the caller gives up on a record after three resends and goes on", () => {
    const caller = new InadsCaller([rec(1), rec(2)]);
    const rx = new InadsReceiver();
    const events = converse(caller, rx, (b) => b.replace("|01|ACT|1000000001|DS1", "|01|ACT|1000000001|DSX"));
    expect(events.filter((e) => e.type === "nak")).toHaveLength(4);
    expect(caller.gaveUp).toEqual([1]);
    expect(caller.acked).toEqual([2]);
  });

  it("a resend after a lost ACK is acknowledged again but reported as a duplicate", () => {
    const rx = new InadsReceiver();
    const f = encodeRecord(rec(3));
    expect(rx.feed(f).events[0]?.type).toBe("record");
    const again = rx.feed(f);
    expect(again.events).toEqual([{ type: "duplicate", seq: 3 }]);
    expect(again.send).toBe(ackFor(3));
  });

  it("a v1 caller still talks to the receiver: plain NAKs, resends, records stored once", () => {
    let corrupt = 1;
    const caller = new InadsCaller([rec(1), rec(2)], undefined, "I1");
    const rx = new InadsReceiver();
    const sent: string[] = [];
    const events = converse(caller, rx, (b) => {
      sent.push(b);
      return b.startsWith("\x02I1|01") && corrupt-- > 0 ? b.replace("DS1", "DSX") : b;
    });
    expect(sent[0]).toMatch(/^\x02I1\|01\|/);
    expect(events.filter((e) => e.type === "nak")).toEqual([expect.objectContaining({ seq: null })]);
    expect(events.filter((e) => e.type === "record")).toEqual([
      expect.objectContaining({ version: "I1", record: expect.objectContaining({ seq: 1 }) }),
      expect.objectContaining({ version: "I1", record: expect.objectContaining({ seq: 2 }) }),
    ]);
    expect(caller.acked).toEqual([1, 2]);
  });

  it("a v1 caller resends on any NAK, so NAKs answering noise make it give up on a stored record; v2 does not", () => {
    const noiseNaks = "\x1501\r".repeat(4);
    const v1 = new InadsCaller([rec(1), rec(2)], undefined, "I1");
    v1.start();
    v1.feed(noiseNaks);
    expect(v1.gaveUp).toEqual([1]);
    const v2 = new InadsCaller([rec(1), rec(2)]);
    v2.start();
    // Four NAKs for seq 01 that answered corrupted copies in the noise, then the real ACK.
    const out = v2.feed(`${noiseNaks}${NAK_REPLY}\x1507\r${ackFor(1)}`);
    expect(out.events).toEqual([{ type: "acked", seq: 1 }]);
    expect(v2.gaveUp).toEqual([]);
    expect(out.send.match(/\x02I2\|01\|/g)).toHaveLength(3);
    expect(out.send).toContain("|02|");
  });

  it("a v2 caller ignores a plain NAK (its reply timeout resends) and gives up only after a quiet reply timeout", () => {
    const caller = new InadsCaller([rec(1), rec(2)]);
    caller.start();
    expect(caller.feed(NAK_REPLY).send).toBe("");
    expect(caller.timeout().send).toContain("|01|");
    for (let i = 0; i < 3; i++) caller.feed("\x1501\r");
    expect(caller.gaveUp).toEqual([]);
    expect(caller.timeout().events).toEqual([{ type: "gave-up", seq: 1 }]);
  });

  it("the caller ignores a stale ACK for an earlier copy of the frame", () => {
    const caller = new InadsCaller([rec(1), rec(2)]);
    caller.start();
    expect(caller.feed("\x1501\r").send).toContain("|01|");
    expect(caller.feed(ackFor(1)).send).toContain("|02|");
    expect(caller.feed(ackFor(1)).send).toBe("");
    expect(caller.feed(ackFor(2)).send).toBe(END_OF_CALL);
    expect(caller.feed("\x06\r").events).toEqual([{ type: "done", acked: [1, 2], gaveUp: [] }]);
  });

  it("noise between frames becomes garbage events and does not disturb records", () => {
    const rx = new InadsReceiver();
    const out = rx.feed(`~~ \x7fhello\r${encodeRecord(rec(1))}\x02junk\x02${encodeRecord(rec(2)).slice(1)}NO CARRIER\r`);
    expect(out.events.map((e) => e.type)).toEqual(["garbage", "record", "garbage", "record", "garbage"]);
  });

  it("a timeout mid-frame ends the call and reports the partial frame", () => {
    const rx = new InadsReceiver();
    rx.feed(encodeRecord(rec(1)).slice(0, 20));
    const out = rx.timeout();
    expect(out.events).toEqual([
      { type: "garbage", bytes: expect.any(String) },
      { type: "timeout", midFrame: true },
    ]);
    expect(rx.ended).toBe(true);
  });
});

describe("INADS records to intake", () => {
  const now = new Date("2026-03-20T00:00:00Z");
  it("ACT raises an INADS alarm with severity from the alarm type", () => {
    const item = inadsRecordToIntake(rec(1, { alarmType: "MINOR", onBoard: "y" }), "f", now);
    expect(item).toMatchObject({
      kind: "raise",
      alarm: { source: "INADS", severity: "MINOR", maintObject: "DS1-BD", port: "01A01", onBoard: true, alarmType: "MINOR" },
    });
    if (item.kind === "raise") expect(item.alarm.occurredAt?.toISOString()).toBe("2026-03-14T09:26:00.000Z");
  });
  it("RES clears by the dedup key of the alarm it names", () => {
    const act = inadsRecordToIntake(rec(1), "f", now);
    const res = inadsRecordToIntake(rec(2, { type: "RES", port: "01A01" }), "f", now);
    if (act.kind !== "raise" || res.kind !== "clear") throw new Error("kinds");
    expect(res.clear.dedupKey).toBe(dedupKeyOf(act.alarm));
  });
  it("CLR clears all, RST is a system event, TST is a TEST alarm", () => {
    expect(inadsRecordToIntake(rec(1, { type: "CLR" }), "f")).toMatchObject({ kind: "clear", clear: { all: true } });
    expect(inadsRecordToIntake(rec(1, { type: "RST" }), "f")).toMatchObject({ kind: "event", event: { kind: "RESTART" } });
    expect(inadsRecordToIntake(rec(1, { type: "TST" }), "f")).toMatchObject({
      kind: "raise",
      alarm: { source: "TEST", description: "TESTING INADS LINK" },
    });
  });
  it("a date that would be in the future belongs to last year", () => {
    const item = inadsRecordToIntake(rec(1, { alarmedAt: "12/31/23:59" }), "f", new Date("2026-01-01T00:05:00Z"));
    if (item.kind === "raise") expect(item.alarm.occurredAt?.getUTCFullYear()).toBe(2025);
  });
});

describe("INADS receiver fuzz", () => {
  it("20k garbled lines with records in between: no throw, every record accepted, every line accounted for", async () => {
    const { garbledLine, prng } = await import("../../sim/line-noise.ts");
    const rand = prng(0xc0ffee);
    const rx = new InadsReceiver();
    const accepted: number[] = [];
    let rejects = 0;
    for (let i = 0; i < 20_000; i++) {
      const out = rx.feed(garbledLine(rand, rec(i % 100)));
      rejects += out.events.filter((e) => e.type === "garbage" || e.type === "nak").length;
      if (i % 100 === 50) {
        const seq = ((i / 100) % 100) | 0;
        const r = rx.feed(encodeRecord(rec(seq, { maintObject: "FUZZ" })));
        for (const e of r.events) if (e.type === "record") accepted.push(e.record.seq);
      }
      expect(rx.ended).toBe(false);
    }
    expect(accepted).toHaveLength(200);
    expect(rejects).toBeGreaterThan(19_000);
  });
});
