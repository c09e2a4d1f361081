import { ACK_REPLY, ackFor, decodeFrame, nakFor, readHeader } from "./codec.ts";
import { CR, EOT, ETX, LF, MAX_BODY, STX, type TInadsRecord, type TInadsVersion } from "./spec.ts";

export type TInadsEvent =
  | { type: "record"; record: TInadsRecord; frame: string; version: TInadsVersion }
  | { type: "duplicate"; seq: number }
  /** `seq`: the record the NAK named (v2 frames with a readable header), else null. */
  | { type: "nak"; reason: string; frame: string; seq: number | null }
  | { type: "garbage"; bytes: string }
  | { type: "end" }
  | { type: "timeout"; midFrame: boolean };

export type TReceiverOutput = { events: TInadsEvent[]; send: string };

type TState = "between" | "body" | "checksum" | "ended";

const MAX_GARBAGE = 256;
const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `<${c.charCodeAt(0).toString(16).padStart(2, "0")}>`);

/**
 * The receiving side of an INADS call, as a pure state machine: bytes in, events and reply bytes
 * out. It never throws on input; anything that is not a well-formed frame becomes a `garbage`
 * or `nak` event. It accepts v1 and v2 frames and answers each in its own version's dialect
 * (spec.ts). A resend of the record just accepted (same seq: our ACK was lost) is
 * acknowledged again but reported only as a `duplicate`.
 */
export class InadsReceiver {
  private state: TState = "between";
  private body = "";
  private checksum = "";
  private garbage = "";
  private lastSeq: number | null = null;

  get ended(): boolean {
    return this.state === "ended";
  }

  /** Forget the last accepted record, e.g. when storing it failed and it was NAKed instead. */
  forget(seq: number): void {
    if (this.lastSeq === seq) this.lastSeq = null;
  }

  feed(input: Uint8Array | string): TReceiverOutput {
    const out: TReceiverOutput = { events: [], send: "" };
    const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
    for (let i = 0; i < text.length && this.state !== "ended"; i++) this.byte(text.charCodeAt(i), text[i] as string, out);
    if (this.state === "between" && this.garbage !== "\x04") this.flushGarbage(out);
    return out;
  }

  /** The line went quiet for too long (the shell decides how long). */
  timeout(): TReceiverOutput {
    const out: TReceiverOutput = { events: [], send: "" };
    const midFrame = this.state === "body" || this.state === "checksum";
    if (midFrame) this.garbage += String.fromCharCode(STX) + this.body + this.checksum;
    this.flushGarbage(out);
    out.events.push({ type: "timeout", midFrame });
    this.state = "ended";
    return out;
  }

  private byte(code: number, ch: string, out: TReceiverOutput): void {
    switch (this.state) {
      case "between":
        if (code === STX) {
          this.flushGarbage(out);
          this.startFrame();
        } else if (code === EOT && !this.garbage) {
          // End of call only as a line of its own (EOT CR): a stray EOT in noise must not end it.
          this.garbage = ch;
        } else if ((code === CR || code === LF) && this.garbage === "\x04") {
          this.garbage = "";
          out.events.push({ type: "end" });
          out.send += ACK_REPLY;
          this.state = "ended";
        } else if (code === CR || code === LF) {
          this.flushGarbage(out);
        } else if ((code === 0x20 || code === 0) && !this.garbage) {
          return;
        } else {
          this.garbage += ch;
          if (this.garbage.length >= MAX_GARBAGE) this.flushGarbage(out);
        }
        return;
      case "body":
        if (code === STX) {
          // A new frame starts: what we had was noise that looked like a start.
          this.garbage = String.fromCharCode(STX) + this.body;
          this.flushGarbage(out);
          this.startFrame();
        } else if (code === ETX) this.state = "checksum";
        else if (code === CR || code === LF) this.refuse(out, "record cut short");
        else {
          this.body += ch;
          if (this.body.length > MAX_BODY) this.refuse(out, "record too long");
        }
        return;
      case "checksum":
        if (code === STX) {
          this.refuse(out, "checksum cut short");
          this.startFrame();
          return;
        }
        this.checksum += ch;
        if (this.checksum.length === 4) this.complete(out);
        return;
      case "ended":
        return;
    }
  }

  private startFrame(): void {
    this.state = "body";
    this.body = "";
    this.checksum = "";
  }

  private complete(out: TReceiverOutput): void {
    const frame = `${this.body}\x03${this.checksum}`;
    const decoded = decodeFrame(this.body, this.checksum);
    this.state = "between";
    if (!decoded.ok) {
      this.nak(out, decoded.reason, frame);
      return;
    }
    const { record, version } = decoded;
    out.send += ackFor(record.seq);
    if (record.seq === this.lastSeq) {
      out.events.push({ type: "duplicate", seq: record.seq });
      return;
    }
    this.lastSeq = record.seq;
    out.events.push({ type: "record", record, frame: printable(frame), version });
  }

  private nak(out: TReceiverOutput, reason: string, frame: string): void {
    const header = readHeader(this.body);
    out.events.push({ type: "nak", reason, frame: printable(frame), seq: header?.version === "I2" ? header.seq : null });
    out.send += nakFor(header);
  }

  private refuse(out: TReceiverOutput, reason: string): void {
    this.nak(out, reason, `${this.body}${this.checksum}`);
    this.state = "between";
  }

  private flushGarbage(out: TReceiverOutput): void {
    if (!this.garbage) return;
    out.events.push({ type: "garbage", bytes: printable(this.garbage) });
    this.garbage = "";
  }
}
