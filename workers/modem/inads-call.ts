import { type TInadsEvent, InadsReceiver, inadsRecordToIntake, nakFor } from "../../lib/alarms/inads/index.ts";
import type { TIngestItem } from "../../lib/alarms/index.ts";
import type { TCallLine } from "../../lib/connect/modem-port.ts";

export type TReject = { reason: string; raw: string };

export type TInadsCallDeps = {
  /** Durably stores intake items; records are acknowledged only after it resolves. */
  store(items: TIngestItem[]): Promise<void>;
  reject(rejects: TReject[]): Promise<void>;
  isKnownProduct(productId: string): Promise<boolean>;
  /**
   * The call connected but carried no readable record (nothing, or only noise/refused frames):
   * an "unknown alarm call", matched to a system by the calling number where there is one.
   */
  unknownCall(call: TUnknownCall): Promise<void>;
  /** Silence that ends a call (the caller waits for our ACKs, so this only trips on a dead line). */
  idleTimeoutMs: number;
};

export type TInadsCallSummary = {
  outcome: "completed" | "dropped" | "timeout";
  records: number;
  /** Records decoded (stored, duplicates, or refused because storing failed). */
  readable: number;
  naks: number;
  garbage: number;
};

export type TUnknownCall = Omit<TInadsCallSummary, "records" | "readable"> & { callerId: TCallLine["callerId"] };

/**
 * Runs the INADS receiver over one answered call: bytes from the line go through the pure
 * receiver; accepted records are stored before they are ACKed (a record we ACK is never
 * lost); noise and refused frames are recorded as rejected intake. Ends on end-of-call,
 * carrier loss or silence.
 */
export function receiveInadsCall(line: TCallLine, deps: TInadsCallDeps): Promise<TInadsCallSummary> {
  const rx = new InadsReceiver();
  const summary: TInadsCallSummary = { outcome: "completed", records: 0, readable: 0, naks: 0, garbage: 0 };
  let chain = Promise.resolve();
  let finished = false;
  let timer: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const finish = (outcome: TInadsCallSummary["outcome"]) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      summary.outcome = outcome;
      line.onData(() => {});
      chain = chain.then(async () => {
        if (summary.readable === 0) {
          const { naks, garbage } = summary;
          await deps.unknownCall({ outcome, naks, garbage, callerId: line.callerId }).catch(() => {});
        } else if (outcome !== "completed") {
          const what = `an alarm call after ${summary.records} record(s)`;
          const reason = outcome === "dropped" ? `carrier lost during ${what}` : `line silent, ended ${what}`;
          await deps.reject([{ reason, raw: "" }]).catch(() => {});
        }
      });
      void chain.then(() => resolve(summary));
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        chain = chain.then(() => handle(rx.timeout().events, "")).catch(() => {});
      }, deps.idleTimeoutMs);
    };

    const handle = async (events: TInadsEvent[], send: string) => {
      const items: TIngestItem[] = [];
      const rejects: TReject[] = [];
      const taken: { seq: number; version: "I1" | "I2" }[] = [];
      let end: TInadsCallSummary["outcome"] | null = null;
      for (const ev of events) {
        switch (ev.type) {
          case "record":
            summary.readable += 1;
            items.push(inadsRecordToIntake(ev.record, ev.frame));
            taken.push({ seq: ev.record.seq, version: ev.version });
            if (!(await deps.isKnownProduct(ev.record.productId).catch(() => true)))
              rejects.push({ reason: `unknown product ID ${ev.record.productId} (alarm stored without a system)`, raw: ev.frame });
            break;
          case "nak":
            summary.naks += 1;
            rejects.push({ reason: `refused INADS record: ${ev.reason}`, raw: ev.frame });
            break;
          case "garbage":
            summary.garbage += 1;
            rejects.push({ reason: "line noise on an INADS call", raw: ev.bytes });
            break;
          case "duplicate":
            summary.readable += 1;
            break;
          case "end":
            end = "completed";
            break;
          case "timeout":
            end = "timeout";
            break;
        }
      }
      let reply = send;
      if (items.length > 0) {
        try {
          await deps.store(items);
          summary.records += items.length;
        } catch (e) {
          for (const r of taken) rx.forget(r.seq);
          // Refuse them in the caller's dialect, so a v2 caller knows which to resend.
          reply = taken.map((r) => nakFor(r)).join("");
          rejects.push({ reason: `could not store INADS records: ${e instanceof Error ? e.message : String(e)}`, raw: "" });
        }
      }
      if (rejects.length) await deps.reject(rejects).catch(() => {});
      if (reply && !finished) line.write(reply);
      if (end) finish(end);
    };

    line.onData((bytes) => {
      if (finished) return;
      arm();
      const out = rx.feed(bytes);
      if (out.events.length === 0 && !out.send) return;
      chain = chain.then(() => handle(out.events, out.send)).catch(() => {});
    });
    void line.carrierLost.then(() => {
      chain = chain.then(() => finish(rx.ended ? "completed" : "dropped"));
    });
    arm();
  });
}
