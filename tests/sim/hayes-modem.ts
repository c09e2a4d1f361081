import { parseDialString } from "../../lib/connect/hayes/dial-string.ts";
import { formatResult, type TResultCode } from "../../lib/connect/hayes/result-codes.ts";
import type { PhoneNetwork, TCall, TLineEnd, TLineEvent } from "./phone-network.ts";

/** V.250 +MS carriers and the highest rate each connects at. */
const MS_RATES: Record<string, number> = {
  B103: 300,
  V21: 300,
  B212: 1200,
  V22: 1200,
  V23C: 1200,
  V22B: 2400,
  V32: 9600,
  V32B: 14400,
  V34: 33600,
  V90: 56000,
};
const MS_DEFAULT = "V34,1,300,33600,300,33600";

export type TModemMode = "command" | "dialing" | "online" | "online-command";

export type TModemOptions = {
  /** The number this modem's line answers to on the network (none: dial-out only). */
  number?: string;
  network: PhoneNetwork;
  /** `+++` guard time; real modems use S12 = 50 (1 s). Tests shorten it. */
  guardMs?: number;
  /** S7: how long a dial waits for the far end to answer. */
  waitCarrierMs?: number;
  /** Delay per `,` in a dial string (S8). */
  commaMs?: number;
  /** The stored (&W) profile loaded at power-on and by ATZ: e.g. `{ verbose: false }` for ATV0. */
  profile?: { verbose?: boolean; echo?: boolean };
};

/**
 * A Hayes (V.250) modem: the DTE side speaks AT commands and data, the line side is a
 * `PhoneNetwork` line. Implemented: E, V, Q, X0–X4, Z, &F, &C, &D, S0/S1/S7/S8/S12 (S<n>=v,
 * S<n>?), A, D (T/P, `,` `W` `;` `@` `!`), H, O, I, L/M (accepted), +VCID (caller ID: after the
 * first RING the modem prints DATE, TIME and NMBR, the caller's number from the network, or
 * `O` when it has none), +MS (modulation: `+MS?`, `+MS=V22`; CONNECT reports at most the
 * carrier's rate), `+++` with guard time on both sides. A voice dial (`;`) says OK once its
 * pauses and digits are dialled, or BUSY when the number is busy (X3/X4).
 *
 * DTR and DCD: a pseudo-terminal has no modem-control lines, so `setDtr(false)` is an API for
 * in-process DTEs (the PBX simulator) and follows &D (0 ignore, 1 command mode, 2 hang up,
 * 3 reset); over a PTY a DTE hangs up with `+++` + ATH instead. `dcd` follows &C the same way.
 * `mute` makes the modem ignore everything (a dead modem, for FAULT tests).
 */
export class HayesModemSim implements TLineEnd {
  mode: TModemMode = "command";
  mute = false;
  private echo = true;
  private verbose = true;
  private quiet = false;
  private xLevel = 4;
  private andC = 1;
  private andD = 2;
  private vcid = 0;
  private ms = MS_DEFAULT;
  private readonly s = new Map<number, number>();
  private cmdBuf = "";
  private lastCommand = "";
  private call: TCall | null = null;
  private ringing = false;
  private dialTimer: NodeJS.Timeout | undefined;
  private lastDteByteAt = 0;
  private plusCount = 0;
  private escapeTimer: NodeJS.Timeout | undefined;
  private rate = 9600;
  private toDte: (bytes: string) => void = () => {};
  readonly commands: string[] = [];
  private readonly unregister: () => void;

  constructor(private readonly opts: TModemOptions) {
    this.reset();
    this.unregister = opts.number ? opts.network.register(opts.number, this) : () => {};
  }

  /** Where the modem's output to the computer goes (a PTY, or an in-process DTE). */
  attach(toDte: (bytes: string) => void): void {
    this.toDte = toDte;
  }

  get busy(): boolean {
    return this.call !== null || this.mode === "dialing";
  }

  get dcd(): boolean {
    return this.andC === 0 || this.mode === "online" || this.mode === "online-command";
  }

  get inCall(): boolean {
    return this.call?.connected ?? false;
  }

  private reg(n: number): number {
    return this.s.get(n) ?? 0;
  }

  get isVerbose(): boolean {
    return this.verbose;
  }

  /** A power blip: any call drops without a word, and the stored profile comes back. */
  powerCycle(): void {
    this.hangupLocal(false);
    this.cmdBuf = "";
    this.reset();
  }

  /** Z and power-on load the stored profile; &F the factory one. */
  private reset(profile = this.opts.profile ?? {}): void {
    this.echo = profile.echo ?? true;
    this.verbose = profile.verbose ?? true;
    this.quiet = false;
    this.xLevel = 4;
    this.andC = 1;
    this.andD = 2;
    this.vcid = 0;
    this.ms = MS_DEFAULT;
    this.s.clear();
    this.s.set(0, 0);
    this.s.set(1, 0);
    this.s.set(2, 43);
    this.s.set(7, Math.round((this.opts.waitCarrierMs ?? 50_000) / 1000));
    this.s.set(8, Math.max(0, Math.round((this.opts.commaMs ?? 2000) / 1000)));
    this.s.set(12, Math.round((this.opts.guardMs ?? 1000) / 20));
  }

  private guardMs(): number {
    return this.opts.guardMs ?? this.reg(12) * 20;
  }

  private result(code: TResultCode): void {
    if (this.quiet) return;
    this.toDte(formatResult(code, { verbose: this.verbose, rate: code === "CONNECT" && this.xLevel > 0 ? this.rate : undefined }));
  }

  // ---- DTE side ----

  fromDte(bytes: string): void {
    if (this.mute) return;
    if (this.mode === "online") {
      this.onlineData(bytes);
      return;
    }
    if (this.mode === "dialing") {
      // Any character from the DTE aborts a dial in progress.
      this.abortDial();
      return;
    }
    for (const ch of bytes) {
      if (ch === "\r") {
        const line = this.cmdBuf;
        this.cmdBuf = "";
        if (this.echo) this.toDte("\r");
        this.commandLine(line.trim());
        const mode = this.mode as TModemMode;
        if (mode === "online" || mode === "dialing") return;
      } else if (ch === "\b" || ch === "\x7f") {
        this.cmdBuf = this.cmdBuf.slice(0, -1);
        if (this.echo) this.toDte(ch);
      } else if (ch !== "\n") {
        // Like a real modem, sync on "AT" (or "A/"): anything before it is dropped.
        if (this.cmdBuf === "" && ch.toUpperCase() !== "A") continue;
        if (this.cmdBuf.length === 1 && !/[T/]/i.test(ch)) {
          this.cmdBuf = ch.toUpperCase() === "A" ? ch : "";
          continue;
        }
        this.cmdBuf += ch;
        if (this.echo) this.toDte(ch);
        if (/^a\/$/i.test(this.cmdBuf)) {
          this.cmdBuf = "";
          if (this.echo) this.toDte("\r");
          this.commandLine(this.lastCommand);
        }
        if (this.cmdBuf.length > 256) this.cmdBuf = "";
      }
    }
  }

  setDtr(on: boolean): void {
    if (on || this.mute) return;
    if (this.andD === 1 && this.mode === "online") this.toCommandMode();
    else if (this.andD >= 2) {
      if (this.mode !== "command") this.hangupLocal(false);
      if (this.andD === 3) this.reset();
    }
  }

  private onlineData(bytes: string): void {
    const escapeChar = String.fromCharCode(this.reg(2));
    for (const ch of bytes) {
      const now = Date.now();
      const quietBefore = now - this.lastDteByteAt >= this.guardMs();
      this.lastDteByteAt = now;
      clearTimeout(this.escapeTimer);
      if (ch === escapeChar && (this.plusCount > 0 || quietBefore)) {
        this.plusCount += 1;
        if (this.plusCount === 3) this.escapeTimer = setTimeout(() => this.toCommandMode(), this.guardMs());
        else if (this.plusCount > 3) this.plusCount = 0;
      } else this.plusCount = 0;
    }
    this.call?.send(this, bytes);
  }

  private toCommandMode(): void {
    this.plusCount = 0;
    if (this.mode !== "online") return;
    this.mode = "online-command";
    this.result("OK");
  }

  private commandLine(line: string): void {
    if (!line) return;
    if (!/^AT/i.test(line)) return; // Modems ignore lines without the AT prefix.
    this.lastCommand = line;
    this.commands.push(line);
    let rest = line.slice(2);
    let reply: TResultCode | null = "OK";
    while (rest.length > 0 && reply === "OK") {
      const c = rest[0]?.toUpperCase() ?? "";
      rest = rest.slice(1);
      const num = () => {
        const m = /^\d*/.exec(rest)?.[0] ?? "";
        rest = rest.slice(m.length);
        return m === "" ? 0 : Number(m);
      };
      switch (c) {
        case " ":
          break;
        case "E":
          this.echo = num() === 1;
          break;
        case "V":
          this.verbose = num() === 1;
          break;
        case "Q":
          this.quiet = num() === 1;
          break;
        case "X": {
          const x = num();
          if (x > 4) reply = "ERROR";
          else this.xLevel = x;
          break;
        }
        case "Z":
          num();
          this.reset();
          break;
        case "L":
        case "M":
        case "I":
          num();
          break;
        case "&": {
          const k = rest[0]?.toUpperCase() ?? "";
          rest = rest.slice(1);
          const v = num();
          if (k === "C") this.andC = v;
          else if (k === "D") this.andD = v;
          else if (k === "F") this.reset({});
          else if (!"KSW".includes(k) || k === "") reply = "ERROR";
          break;
        }
        case "+": {
          const vcid = /^VCID=(\d)/i.exec(rest);
          const ms = /^MS(\?|=([A-Z0-9]+)((?:,\d*)*))/i.exec(rest);
          const carrier = ms?.[2]?.toUpperCase();
          if (vcid && Number(vcid[1]) <= 2) this.vcid = Number(vcid[1]);
          else if (ms?.[1] === "?") this.toDte(`\r\n+MS: ${this.ms}\r\n`);
          // Subparameters left out keep their values (V.250).
          else if (carrier && MS_RATES[carrier]) this.ms = `${carrier}${ms?.[3] || this.ms.slice(this.ms.indexOf(","))}`;
          else reply = "ERROR";
          rest = rest.slice((vcid ?? ms)?.[0].length ?? 0);
          break;
        }
        case "S": {
          const m = /^(\d+)(=(\d+)|\?)/.exec(rest);
          if (!m) {
            reply = "ERROR";
            break;
          }
          rest = rest.slice(m[0].length);
          const n = Number(m[1]);
          if (m[2] === "?") this.toDte(`\r\n${String(this.reg(n)).padStart(3, "0")}\r\n`);
          else this.s.set(n, Number(m[3]));
          break;
        }
        case "H":
          num();
          if (this.call || this.ringing) this.hangupLocal(false);
          this.mode = "command";
          break;
        case "O":
          num();
          if (this.mode !== "online-command" || !this.call?.connected) reply = "NO CARRIER";
          else {
            this.mode = "online";
            reply = "CONNECT";
          }
          break;
        case "A":
          reply = this.answer();
          rest = "";
          break;
        case "D":
          reply = this.dial(rest);
          rest = "";
          break;
        default:
          reply = "ERROR";
      }
    }
    if (reply) this.result(reply);
  }

  private answer(): TResultCode | null {
    if (!this.call || !this.ringing) return "NO CARRIER";
    this.ringing = false;
    this.mode = "dialing";
    this.call.answer();
    this.armWaitCarrier();
    return null;
  }

  private dial(text: string): TResultCode | null {
    const d = parseDialString(text);
    if (!d) return "ERROR";
    if (this.call) return "ERROR";
    const waitMs = d.pauses * this.reg(8) * 1000;
    if (d.stayInCommandMode) {
      // A voice dial: the pauses let the far end answer, then the digits are tones; OK once dialled.
      if (this.opts.network.voiceBusy(d.beforePause)) return this.xLevel >= 3 ? "BUSY" : "NO CARRIER";
      this.mode = "dialing";
      clearTimeout(this.dialTimer);
      this.dialTimer = setTimeout(() => {
        this.mode = "command";
        this.opts.network.tones(d.beforePause, d.afterPause);
        this.result("OK");
      }, waitMs);
      return null;
    }
    const call = this.opts.network.dial(this, d.number);
    if (call === "no-line") return this.xLevel === 2 || this.xLevel === 4 ? "NO DIALTONE" : "NO CARRIER";
    if (call === "busy") return this.xLevel >= 3 ? "BUSY" : "NO CARRIER";
    this.call = call;
    this.mode = "dialing";
    this.armWaitCarrier();
    return null;
  }

  private armWaitCarrier(): void {
    clearTimeout(this.dialTimer);
    this.dialTimer = setTimeout(
      () => {
        if (this.mode !== "dialing") return;
        this.hangupLocal(false);
        this.result(this.xLevel >= 3 ? "NO ANSWER" : "NO CARRIER");
      },
      this.reg(7) * 1000 || (this.opts.waitCarrierMs ?? 50_000),
    );
  }

  private abortDial(): void {
    this.hangupLocal(false);
    this.result("NO CARRIER");
  }

  private hangupLocal(report: boolean): void {
    clearTimeout(this.dialTimer);
    clearTimeout(this.escapeTimer);
    const call = this.call;
    this.call = null;
    this.ringing = false;
    this.mode = "command";
    this.s.set(1, 0);
    call?.hangup(this);
    if (report) this.result("NO CARRIER");
  }

  /** Formatted caller ID (VCID=1), as Rockwell-style modems print it between the rings. */
  private callerId(from: string | null): void {
    const now = new Date();
    const two = (n: number) => String(n).padStart(2, "0");
    const lines = [
      `DATE = ${two(now.getMonth() + 1)}${two(now.getDate())}`,
      `TIME = ${two(now.getHours())}${two(now.getMinutes())}`,
      `NMBR = ${from ?? "O"}`,
    ];
    this.toDte(lines.map((l) => `\r\n${l}\r\n`).join(""));
  }

  // ---- line side ----

  onLine(ev: TLineEvent): void {
    switch (ev.type) {
      case "ring":
        if (this.call && this.call !== ev.call) return;
        this.call = ev.call;
        this.ringing = true;
        this.s.set(1, this.reg(1) + 1);
        if (this.mute) return;
        this.result("RING");
        if (this.vcid > 0 && this.reg(1) === 1) this.callerId(ev.call.from);
        if (this.reg(0) > 0 && this.reg(1) >= this.reg(0)) this.answer();
        return;
      case "ring-stop":
        this.call = null;
        this.ringing = false;
        this.s.set(1, 0);
        return;
      case "connected":
        clearTimeout(this.dialTimer);
        this.rate = Math.min(ev.rate, MS_RATES[this.ms.split(",")[0] ?? ""] ?? ev.rate);
        this.mode = "online";
        this.s.set(1, 0);
        this.lastDteByteAt = Date.now();
        this.result("CONNECT");
        return;
      case "data":
        if (this.mode === "online" && !this.mute) this.toDte(ev.bytes);
        return;
      case "hangup":
        if (!this.call) return;
        this.call = null;
        clearTimeout(this.dialTimer);
        this.mode = "command";
        this.ringing = false;
        this.result("NO CARRIER");
        return;
    }
  }

  /** Remove the modem from the network (unplugged). */
  close(): void {
    this.hangupLocal(false);
    this.unregister();
  }
}
