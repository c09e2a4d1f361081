import type { PhoneNetwork, TCall, TLineEnd, TLineEvent } from "./phone-network.ts";
import { type TTapFaults, type TTapPageReceived, type TTapTerminalConfig, TapTerminalSession } from "./tap-terminal.ts";

/** Faults for one call: the TAP ones plus what happens before a modem answers. */
export type TPagingFaults = TTapFaults & {
  /** The line is busy: BUSY to a data call, a busy tone to a numeric page. */
  busy?: boolean;
  /** It rings and nobody answers (the caller's modem says NO ANSWER after S7). */
  noAnswer?: boolean;
};

export type TPagingTerminalOptions = {
  network: PhoneNetwork;
  /** The TAP service's modem number. */
  number: string;
  /** Numbers of numeric pagers whose calls this service takes (tones: digits then #). */
  numericNumbers?: string[];
  /** Calls it takes at once (a hunt group of modems); default 1. */
  lines?: number;
  answerAfterRings?: number;
  /** Faults for every call, or per call (1, 2, …). */
  faults?: TPagingFaults | ((callNumber: number) => TPagingFaults);
} & Partial<TTapTerminalConfig>;

export type TCallRecord = {
  n: number;
  faults: TPagingFaults;
  session: TapTerminalSession | null;
  ending: TapTerminalSession["ending"] | "unanswered";
};

/**
 * A paging service on the simulated phone network: a TAP 1.8 terminal behind a hunt group of
 * modems (tap-terminal.ts speaks the protocol) and a voice line taking numeric pages. It keeps
 * every page it accepted and a record of every call. Faults play per call: busy, no answer,
 * NAK, RS, carrier lost mid-message, nonsense, slow answers, go away at logon, no goodbye.
 */
export class PagingTerminal implements TLineEnd {
  readonly trunk = true;
  readonly pages: (TTapPageReceived & { at: Date })[] = [];
  readonly numericPages: { number: string; digits: string; at: Date }[] = [];
  readonly calls: TCallRecord[] = [];
  faults: NonNullable<TPagingTerminalOptions["faults"]>;
  private readonly cfg: TTapTerminalConfig;
  private readonly live = new Map<TCall, TCallRecord>();
  private readonly rings = new Map<TCall, number>();
  private readonly unregister: () => void;

  constructor(private readonly opts: TPagingTerminalOptions) {
    this.faults = opts.faults ?? {};
    this.cfg = {
      format: opts.format ?? "7E1",
      password: opts.password,
      pagerIds: opts.pagerIds ?? /^\d{1,10}$/,
      maxMessage: opts.maxMessage ?? 240,
      eol: opts.eol ?? "\r",
      t1Ms: opts.t1Ms ?? 2000,
      t2Ms: opts.t2Ms ?? 1000,
      t4Ms: opts.t4Ms ?? 4000,
      t5Ms: opts.t5Ms ?? 8000,
      n3: opts.n3 ?? 3,
    };
    this.unregister = opts.network.register(opts.number, this);
    for (const n of opts.numericNumbers ?? [])
      opts.network.onTones(
        n,
        (tones) => {
          const digits = tones.replace(/#$/, "");
          if (!this.faultsFor(this.calls.length + 1).busy) this.numericPages.push({ number: n, digits, at: new Date() });
        },
        { busy: () => !!this.faultsFor(this.calls.length + 1).busy },
      );
  }

  get busy(): boolean {
    return this.live.size >= (this.opts.lines ?? 1) || !!this.faultsFor(this.calls.length + 1).busy;
  }

  /** Calls so far that ended with the terminal's goodbye. */
  get completedCalls(): number {
    return this.calls.filter((c) => c.ending === "goodbye").length;
  }

  onLine(ev: TLineEvent): void {
    switch (ev.type) {
      case "ring": {
        const call = ev.call;
        if (!this.live.has(call) && !this.rings.has(call)) {
          const n = this.calls.length + 1;
          const rec: TCallRecord = { n, faults: this.faultsFor(n), session: null, ending: "unanswered" };
          this.calls.push(rec);
          this.live.set(call, rec);
        }
        const count = (this.rings.get(call) ?? 0) + 1;
        this.rings.set(call, count);
        if (!this.live.get(call)?.faults.noAnswer && count === (this.opts.answerAfterRings ?? 1)) call.answer();
        return;
      }
      case "connected": {
        const rec = this.live.get(ev.call);
        if (!rec) return;
        const call = ev.call;
        rec.session = new TapTerminalSession(this.cfg, rec.faults, {
          send: (bytes) => call.send(this, bytes),
          hangup: () => this.finish(call, () => call.hangup(this)),
        });
        rec.session.connected();
        return;
      }
      case "data":
        if (ev.call) this.live.get(ev.call)?.session?.receive(ev.bytes);
        return;
      case "hangup":
      case "ring-stop":
        if (ev.call) this.finish(ev.call, () => {});
        return;
    }
  }

  private finish(call: TCall, then: () => void): void {
    const rec = this.live.get(call);
    this.live.delete(call);
    this.rings.delete(call);
    if (rec?.session) {
      rec.session.end("caller");
      rec.ending = rec.session.ending;
      for (const p of rec.session.pages) this.pages.push({ ...p, at: new Date() });
    }
    then();
  }

  private faultsFor(n: number): TPagingFaults {
    return typeof this.faults === "function" ? this.faults(n) : this.faults;
  }

  close(): void {
    for (const call of [...this.live.keys()]) this.finish(call, () => call.hangup(this));
    this.unregister();
  }
}
