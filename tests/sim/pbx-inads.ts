import { encodeRecord, INADS_SPEC_VERSION, InadsCaller, type TInadsRecord, type TInadsVersion } from "../../lib/alarms/inads/index.ts";
import { AtClient } from "../../lib/connect/at-client.ts";
import { HayesModemSim } from "./hayes-modem.ts";
import type { PhoneNetwork } from "./phone-network.ts";

/** Scripted faults for one INADS call. */
export type TInadsFaults = {
  /** Corrupt the checksum of these seqs on their first `times` attempts (default 1). */
  badChecksum?: { seqs: number[]; times?: number };
  /** Line noise injected towards the receiver before each of these seqs. */
  noiseBefore?: { seqs: number[]; bytes?: string | ((seq: number) => string) };
  /** The line drops right after the receiver acknowledged this many records. */
  dropAfterAcked?: number;
  /** Send only these bytes after CONNECT (no record at all), then the line drops. */
  noiseOnly?: string;
};

export type TInadsCallResult = {
  outcome: "completed" | "dropped" | "no-connect" | "timeout";
  connectResult?: string;
  acked: number[];
  gaveUp: number[];
};

const NOISE = "\x7f~#\x13\x11\xff;;NO#@!\r";

/**
 * A PBX's alarm origination: its own modem on the simulated network, dialling the alarm
 * receiver's number, sending INADS records (spec v2 by default, or v1 like older firmware;
 * `lib/alarms/inads`) with scripted faults,
 * and hanging up. Extension point: a PBX with SAT/OSSI over telnet or a modem data call is a
 * later issue and would live beside this file, sharing the modem and network.
 */
export class PbxInadsOriginator {
  readonly modem: HayesModemSim;
  private readonly at: AtClient;

  constructor(
    private readonly opts: {
      network: PhoneNetwork;
      number: string;
      productId: string;
      guardMs?: number;
      replyTimeoutMs?: number;
      version?: TInadsVersion;
    },
  ) {
    this.modem = new HayesModemSim({ network: opts.network, number: opts.number, guardMs: opts.guardMs ?? 200, waitCarrierMs: 30_000 });
    this.at = new AtClient({ write: (d) => setImmediate(() => this.modem.fromDte(d)) });
    this.modem.attach((bytes) => this.at.feed(bytes));
  }

  record(seq: number, r: Partial<TInadsRecord> & Pick<TInadsRecord, "type">): TInadsRecord {
    return { seq, productId: this.opts.productId, maintObject: "", port: "", altName: "", alarmType: "", onBoard: "", alarmedAt: "", ...r };
  }

  async call(receiverNumber: string, records: TInadsRecord[], faults: TInadsFaults = {}): Promise<TInadsCallResult> {
    const at = this.at;
    await at.command("ATZ");
    await at.command("ATE0V1X4&C1&D2");
    const connect = await at.command(`ATDT${receiverNumber}`, 40_000);
    if (connect.code !== "CONNECT") return { outcome: "no-connect", connectResult: connect.text, acked: [], gaveUp: [] };

    if (faults.noiseOnly !== undefined) {
      if (faults.noiseOnly) at.writeData(faults.noiseOnly);
      await new Promise((r) => setTimeout(r, 300));
      this.opts.network.cut(this.opts.number);
      return { outcome: "dropped", acked: [], gaveUp: [] };
    }

    const corrupt = new Map((faults.badChecksum?.seqs ?? []).map((s) => [s, faults.badChecksum?.times ?? 1]));
    const caller = new InadsCaller(
      records,
      (r, attempt, version) => {
        const frame = encodeRecord(r, version);
        const nb = faults.noiseBefore;
        const noisy =
          nb?.seqs.includes(r.seq) && attempt === 0 ? (typeof nb.bytes === "function" ? nb.bytes(r.seq) : (nb.bytes ?? NOISE)) : "";
        if (attempt < (corrupt.get(r.seq) ?? 0))
          return `${noisy}${frame.slice(0, -5)}${frame.slice(-5, -1) === "0000" ? "0001" : "0000"}\r`;
        return noisy + frame;
      },
      this.opts.version ?? INADS_SPEC_VERSION,
    );

    const outcome = await new Promise<TInadsCallResult["outcome"]>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const out = caller.timeout();
          if (out.send) at.writeData(out.send);
          if (caller.done) finish("completed");
          else arm();
        }, this.opts.replyTimeoutMs ?? 3000);
      };
      const finish = (o: TInadsCallResult["outcome"]) => {
        clearTimeout(timer);
        at.setDataHandler(null);
        resolve(o);
      };
      at.onCarrierLost(() => finish("dropped"));
      at.setDataHandler((bytes) => {
        const out = caller.feed(bytes);
        if (faults.dropAfterAcked !== undefined && caller.acked.length >= faults.dropAfterAcked) {
          this.opts.network.cut(this.opts.number);
          return;
        }
        if (out.send) at.writeData(out.send);
        if (caller.done) finish("completed");
        else arm();
      });
      at.writeData(caller.start().send);
      arm();
    });
    if (outcome !== "dropped") await at.hangup(this.opts.guardMs ?? 200);
    else at.leaveData();
    return { outcome, acked: [...caller.acked], gaveUp: [...caller.gaveUp] };
  }

  close(): void {
    this.at.close();
    this.modem.close();
  }
}
