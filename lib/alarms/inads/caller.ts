import { END_OF_CALL, encodeRecord } from "./codec.ts";
import { ACK, CR, INADS_SPEC_VERSION, LF, MAX_RESENDS, NAK, type TInadsRecord, type TInadsVersion } from "./spec.ts";

export type TCallerEvent =
  | { type: "acked"; seq: number }
  | { type: "gave-up"; seq: number }
  | { type: "done"; acked: number[]; gaveUp: number[] };

export type TCallerOutput = { events: TCallerEvent[]; send: string };

/**
 * The calling (PBX) side of an INADS call, pure: `start()` gives the first frame, each reply
 * from the receiver (or a reply timeout, treated as a NAK) gives the next bytes to send.
 * `frameOf` lets a simulator corrupt what goes on the wire (bad checksum, noise). `version`
 * picks the dialect (spec.ts): an I1 caller resends on any NAK; an I2 caller only on a NAK
 * naming its current record, and lingers for one reply timeout before giving up on it.
 */
export class InadsCaller {
  private index = 0;
  private resends = 0;
  private reply = "";
  private finished = false;
  private waitingEnd = false;
  /** v2: refused MAX_RESENDS times; an ACK for an earlier copy may still be behind noise NAKs. */
  private lingering = false;
  readonly acked: number[] = [];
  readonly gaveUp: number[] = [];

  constructor(
    private readonly records: TInadsRecord[],
    private readonly frameOf: (record: TInadsRecord, attempt: number, version: TInadsVersion) => string = (r, _a, v) => encodeRecord(r, v),
    readonly version: TInadsVersion = INADS_SPEC_VERSION,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  start(): TCallerOutput {
    return { events: [], send: this.current() };
  }

  feed(input: Uint8Array | string): TCallerOutput {
    const out: TCallerOutput = { events: [], send: "" };
    const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
    for (const ch of text) {
      const code = ch.charCodeAt(0);
      if (code === ACK || code === NAK) this.reply = ch;
      else if (code === CR || code === LF) {
        if (this.reply) this.onReply(this.reply, out);
        this.reply = "";
      } else if (this.reply) this.reply += ch;
      if (this.finished) break;
    }
    return out;
  }

  /** No reply in time: resend, as for a NAK. */
  timeout(): TCallerOutput {
    const out: TCallerOutput = { events: [], send: "" };
    if (this.waitingEnd) this.finish(out);
    else if (this.lingering) this.giveUp(out);
    else if (!this.finished) this.refused(out);
    return out;
  }

  private current(): string {
    const record = this.records[this.index];
    if (!record) {
      this.waitingEnd = true;
      return END_OF_CALL;
    }
    return this.frameOf(record, this.resends, this.version);
  }

  private onReply(reply: string, out: TCallerOutput): void {
    if (this.finished) return;
    const isAck = reply.charCodeAt(0) === ACK;
    if (this.waitingEnd) {
      if (isAck && reply.length === 1) this.finish(out);
      return;
    }
    const record = this.records[this.index];
    if (!isAck) {
      if (this.version === "I1") this.refused(out);
      // v2: a NAK without a seq, or naming another record, answered noise, not our frame.
      else if (/^\x15\d\d$/.test(reply) && Number(reply.slice(1)) === record?.seq && !this.lingering) this.refused(out);
      return;
    }
    const seq = Number(reply.slice(1));
    // A stale ACK (for an earlier copy of a resent frame) must not move us on.
    if (!record || reply.length !== 3 || seq !== record.seq) return;
    out.events.push({ type: "acked", seq });
    this.acked.push(seq);
    this.next(out);
  }

  private refused(out: TCallerOutput): void {
    const record = this.records[this.index];
    if (!record) return;
    if (this.resends < MAX_RESENDS) {
      this.resends += 1;
      out.send += this.current();
      return;
    }
    if (this.version === "I2") this.lingering = true;
    else this.giveUp(out);
  }

  private giveUp(out: TCallerOutput): void {
    const record = this.records[this.index];
    if (!record) return;
    out.events.push({ type: "gave-up", seq: record.seq });
    this.gaveUp.push(record.seq);
    this.next(out);
  }

  private next(out: TCallerOutput): void {
    this.index += 1;
    this.resends = 0;
    this.lingering = false;
    out.send += this.current();
  }

  private finish(out: TCallerOutput): void {
    this.finished = true;
    out.events.push({ type: "done", acked: [...this.acked], gaveUp: [...this.gaveUp] });
  }
}
