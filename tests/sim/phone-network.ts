/**
 * A telephone network for simulated modems: numbers map to line ends; a dial rings the callee
 * until it answers or the caller gives up; an answered call carries bytes both ways until
 * either end hangs up (the other end then sees the line drop). Faults for tests: `cut`
 * (the line drops mid-call), `noise` (bytes injected towards one end). Voice calls (`;` dials,
 * numeric pagers) go to tone listeners (tests/sim/paging-terminal.ts). A line end marked `trunk`
 * is a hunt group (a paging service's modem pool) taking several calls at once: events name
 * their call so it can tell them apart.
 */
export type TLineEvent =
  | { type: "ring"; call: TCall }
  | { type: "ring-stop"; call?: TCall }
  | { type: "connected"; call: TCall; rate: number }
  | { type: "data"; bytes: string; call?: TCall }
  | { type: "hangup"; call?: TCall };

export type TLineEnd = {
  /** Off hook or in a call: a dial to it is busy. */
  readonly busy: boolean;
  /** Takes several calls at once; then `busy` alone says when it is full. */
  readonly trunk?: boolean;
  onLine(ev: TLineEvent): void;
};

export type TCall = {
  readonly id: number;
  readonly number: string;
  /** The caller's own number (what caller ID shows), null when the caller has no listed line. */
  readonly from: string | null;
  answer(): void;
  send(from: TLineEnd, bytes: string): void;
  hangup(from: TLineEnd): void;
  readonly connected: boolean;
};

type TCallState = {
  id: number;
  handle?: TCall;
  number: string;
  from: string | null;
  caller: TLineEnd;
  callee: TLineEnd;
  connected: boolean;
  over: boolean;
  ringTimer?: NodeJS.Timeout;
};

export class PhoneNetwork {
  private readonly lines = new Map<string, TLineEnd>();
  private readonly calls = new Set<TCallState>();
  private readonly toneListeners = new Map<string, { heard: (digits: string) => void; busy?: () => boolean }>();
  private nextId = 1;
  readonly log: string[] = [];

  constructor(private readonly opts: { ringIntervalMs?: number; connectDelayMs?: number; rate?: number } = {}) {}

  register(number: string, line: TLineEnd): () => void {
    this.lines.set(number, line);
    return () => {
      if (this.lines.get(number) === line) this.lines.delete(number);
    };
  }

  onTones(number: string, listener: (digits: string) => void, opts: { busy?: () => boolean } = {}): void {
    this.toneListeners.set(number, { heard: listener, busy: opts.busy });
  }

  /** A voice dial (`ATD…;`): the far end only hears tones. */
  tones(number: string, digits: string): boolean {
    const l = this.toneListeners.get(number);
    l?.heard(digits);
    return !!l;
  }

  /** Whether a voice dial to `number` meets a busy tone. */
  voiceBusy(number: string): boolean {
    return this.toneListeners.get(number)?.busy?.() ?? false;
  }

  dial(caller: TLineEnd, number: string): TCall | "busy" | "no-line" {
    const callee = this.lines.get(number);
    this.log.push(`dial ${number}`);
    if (callee === caller) return "busy";
    if (!callee) return "no-line";
    if (callee.busy || (!callee.trunk && [...this.calls].some((c) => c.callee === callee || c.caller === callee))) return "busy";
    const from = [...this.lines].find(([, l]) => l === caller)?.[0] ?? null;
    const state: TCallState = { id: this.nextId++, number, from, caller, callee, connected: false, over: false };
    this.calls.add(state);
    const call = this.handle(state);
    state.handle = call;
    const ring = () => {
      if (!state.over && !state.connected) callee.onLine({ type: "ring", call });
    };
    queueMicrotask(ring);
    state.ringTimer = setInterval(ring, this.opts.ringIntervalMs ?? 6000);
    return call;
  }

  /** Drops every call to or from `number` as if the line were cut. */
  cut(number: string): void {
    const line = this.lines.get(number);
    for (const c of this.calls) if (c.callee === line || c.caller === line || c.number === number) this.end(c, null);
  }

  /** Injects bytes towards `number`'s end of its active call (line noise). */
  noise(number: string, bytes: string): void {
    const line = this.lines.get(number);
    for (const c of this.calls)
      if (c.connected && (c.callee === line || c.caller === line)) line?.onLine({ type: "data", bytes, call: c.handle });
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  private handle(state: TCallState): TCall {
    const net = this;
    return {
      id: state.id,
      number: state.number,
      from: state.from,
      get connected() {
        return state.connected;
      },
      answer() {
        if (state.over || state.connected) return;
        clearInterval(state.ringTimer);
        setTimeout(() => {
          if (state.over) return;
          state.connected = true;
          const rate = net.opts.rate ?? 9600;
          state.callee.onLine({ type: "connected", call: this, rate });
          state.caller.onLine({ type: "connected", call: this, rate });
        }, net.opts.connectDelayMs ?? 200);
      },
      send(from, bytes) {
        if (!state.connected || state.over) return;
        const to = from === state.caller ? state.callee : state.caller;
        to.onLine({ type: "data", bytes, call: this });
      },
      hangup(from) {
        net.end(state, from);
      },
    };
  }

  private end(state: TCallState, by: TLineEnd | null): void {
    if (state.over) return;
    state.over = true;
    clearInterval(state.ringTimer);
    this.calls.delete(state);
    for (const end of [state.caller, state.callee]) {
      if (end === by) continue;
      const call = state.handle;
      end.onLine(
        state.connected ? { type: "hangup", call } : end === state.callee ? { type: "ring-stop", call } : { type: "hangup", call },
      );
    }
  }
}
