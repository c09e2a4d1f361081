import { END_OF_CALL, encodeRecord } from "./codec.ts";
import { ACK, CR, LF, MAX_RESENDS, NAK, type TInadsRecord } from "./spec.ts";

export type TCallerEvent =
  | { type: "acked"; seq: number }
  | { type: "gave-up"; seq: number }
  | { type: "done"; acked: number[]; gaveUp: number[] };

export type TCallerOutput = { events: TCallerEvent[]; send: string };

/**
 * The calling (PBX) side of an INADS call, pure: `start()` gives the first frame, each reply
 * from the receiver (or a reply timeout, treated as a NAK) gives the next bytes to send.
 * `frameOf` lets a simulator corrupt what goes on the wire (bad checksum, noise).
 */
export class InadsCaller {
  private index = 0;
  private resends = 0;
  private reply = "";
  private finished = false;
  private waitingEnd = false;
  readonly acked: number[] = [];
  readonly gaveUp: number[] = [];

  constructor(
    private readonly records: TInadsRecord[],
    private readonly frameOf: (record: TInadsRecord, attempt: number) => string = (r) => encodeRecord(r),
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
    else if (!this.finished) this.refused(out);
    return out;
  }

  private current(): string {
    const record = this.records[this.index];
    if (!record) {
      this.waitingEnd = true;
      return END_OF_CALL;
    }
    return this.frameOf(record, this.resends);
  }

  private onReply(reply: string, out: TCallerOutput): void {
    if (this.finished) return;
    const isAck = reply.charCodeAt(0) === ACK;
    if (this.waitingEnd) {
      if (isAck && reply.length === 1) this.finish(out);
      return;
    }
    if (!isAck) {
      this.refused(out);
      return;
    }
    const seq = Number(reply.slice(1));
    const record = this.records[this.index];
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
    out.events.push({ type: "gave-up", seq: record.seq });
    this.gaveUp.push(record.seq);
    this.next(out);
  }

  private next(out: TCallerOutput): void {
    this.index += 1;
    this.resends = 0;
    out.send += this.current();
  }

  private finish(out: TCallerOutput): void {
    this.finished = true;
    out.events.push({ type: "done", acked: [...this.acked], gaveUp: [...this.gaveUp] });
  }
}
