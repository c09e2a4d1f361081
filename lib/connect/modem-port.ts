import { SerialPort } from "serialport";
import { logger } from "../log/index.ts";
import { AtClient } from "./at-client.ts";
import { applyCallerIdLine, emptyCallerId, type TCallerId } from "./hayes/caller-id.ts";

export type TPortStatus = "IDLE" | "BUSY" | "FAULT" | "OFFLINE";
export type TPortPurpose = "ANSWER" | "DIALOUT" | "BOTH";
export type TModemPortConfig = { id: number; device: string; baudRate: number; initString: string; purpose: TPortPurpose };

/** A live data call on a port: what an INADS receiver (or a dial-out job) talks through. */
export type TCallLine = {
  write(bytes: string): void;
  onData(handler: (bytes: string) => void): void;
  /** Resolves when the far end hung up or carrier dropped (NO CARRIER / DCD). */
  carrierLost: Promise<void>;
  /** What the modem reported between the rings of this call (null: caller ID off or not sent). */
  callerId: TCallerId | null;
};

/** A port lent to a dial-out job: raw AT access, then `release()` hangs up and returns it. */
export type TDialOutHandle = {
  portId: number;
  device: string;
  /** One AT command; `info` holds the lines it printed before its result (e.g. `+MS: V34,1`). */
  command(cmd: string, timeoutMs?: number): Promise<{ code: string; text: string; info?: string[] }>;
  write(bytes: string): void;
  onData(handler: (bytes: string) => void): void;
  /** Called once when the carrier drops during a data call (the far end hung up, the line died). */
  onCarrierLost(listener: () => void): void;
  hangup(): Promise<void>;
  release(): Promise<void>;
};

export type TSerial = {
  write(data: Buffer): void;
  on(ev: "data", cb: (d: Buffer) => void): void;
  on(ev: "close" | "error", cb: (e?: Error | null) => void): void;
  close(cb?: (e?: Error | null) => void): void;
  readonly isOpen: boolean;
  set?(opts: { dtr?: boolean }, cb: (e?: Error | null) => void): void;
};

export type TModemPortDeps = {
  onStatus(status: TPortStatus, error: string | null): Promise<void> | void;
  onProbe(ok: boolean): Promise<void> | void;
  /** Take the port for a call in the shared table (IDLE → BUSY); false when a job got it first. */
  claim(): Promise<boolean>;
  /** Give it back (BUSY → IDLE). */
  release(): Promise<void>;
  onCall(line: TCallLine): Promise<void>;
};

export type TModemPortOptions = {
  probeIntervalMs: number;
  /** `+++` guard time of the modem (S12; 1 s on real modems). */
  guardMs: number;
  answerTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /**
   * With caller ID on, how long to wait after a RING for the caller-ID lines (sent between the
   * first and second ring, ~6 s apart) before answering anyway; the next RING also ends the wait.
   */
  callerIdWaitMs?: number;
  openSerial: (device: string, baudRate: number) => Promise<TSerial>;
};

export async function openSerialPort(device: string, baudRate: number): Promise<TSerial> {
  const port = new SerialPort({ path: device, baudRate, autoOpen: false, hupcl: true });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port as unknown as TSerial;
}

type TWake =
  | { type: "ring" }
  | { type: "borrow"; resolve: (h: TDialOutHandle | null) => void }
  | { type: "stop" }
  | { type: "error"; error: Error };

class PortFault extends Error {}

/**
 * One answering/dialling modem on a serial device, as an explicit loop:
 * open → initialise → idle (probe with AT, wait for RING or a borrower) → call → hang up →
 * idle; any failure → FAULT, close, back off, start again. It never gives up on its own:
 * only `stop()` ends it. All database effects go through `deps`.
 */
export class ModemPortRuntime {
  status: TPortStatus = "OFFLINE";
  private serial: TSerial | null = null;
  private at: AtClient | null = null;
  private wakes: TWake[] = [];
  private wakeUp: (() => void) | null = null;
  private stopped = false;
  /** The modem accepted AT+VCID=1: wait for caller ID before answering. */
  private callerIdOn = false;
  private callerId: TCallerId | null = null;
  private lastRingAt = 0;
  private callerIdWaiter: (() => void) | null = null;
  private done: Promise<void> | null = null;
  private readonly log;

  constructor(
    readonly config: TModemPortConfig,
    private readonly deps: TModemPortDeps,
    private readonly opts: TModemPortOptions,
  ) {
    this.log = logger(`modem ${config.device}`);
  }

  start(): void {
    this.done ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.push({ type: "stop" });
    await this.done;
  }

  get canDialOut(): boolean {
    return this.config.purpose !== "ANSWER" && this.status === "IDLE";
  }

  /** Lends the port to a dial-out job once it is idle (the caller already claimed it in the table). */
  borrow(): Promise<TDialOutHandle | null> {
    if (this.stopped || this.config.purpose === "ANSWER") return Promise.resolve(null);
    return new Promise((resolve) => this.push({ type: "borrow", resolve }));
  }

  private push(w: TWake): void {
    this.wakes.push(w);
    this.wakeUp?.();
  }

  private async setStatus(status: TPortStatus, error: string | null = null): Promise<void> {
    if (this.status !== status) this.log.info(`status ${status}${error ? `: ${error}` : ""}`);
    this.status = status;
    await Promise.resolve(this.deps.onStatus(status, error)).catch((e) => this.log.warn("status write failed", { error: e }));
  }

  private async run(): Promise<void> {
    let backoff = this.opts.backoffMinMs;
    while (!this.stopped) {
      try {
        await this.open();
        await this.initialise();
        backoff = this.opts.backoffMinMs;
        await this.setStatus("IDLE");
        await this.idle();
      } catch (e) {
        if (this.stopped) break;
        const msg = e instanceof Error ? e.message : String(e);
        await this.setStatus("FAULT", msg);
        await this.close();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.opts.backoffMaxMs);
      }
    }
    for (const w of this.wakes.splice(0)) if (w.type === "borrow") w.resolve(null);
    if (this.at?.mode === "data") await this.at.hangup(this.opts.guardMs).catch(() => {});
    await this.close();
    await this.setStatus("OFFLINE");
  }

  private async open(): Promise<void> {
    this.wakes = this.wakes.filter((w) => w.type !== "error" && w.type !== "ring");
    const serial = await this.opts.openSerial(this.config.device, this.config.baudRate).catch((e: Error) => {
      throw new PortFault(`cannot open ${this.config.device}: ${e.message}`);
    });
    const at = new AtClient({ write: (d) => serial.write(Buffer.from(d, "latin1")) });
    serial.on("data", (d) => at.feed(d));
    serial.on("error", (e) => this.push({ type: "error", error: e ?? new Error("serial error") }));
    serial.on("close", () => {
      if (this.serial === serial) this.push({ type: "error", error: new PortFault(`${this.config.device} closed`) });
    });
    at.onUnsolicited((r) => {
      if (r.code !== "RING") return;
      // Rings more than a cadence apart belong to a new call: its caller ID is still to come.
      if (Date.now() - this.lastRingAt > 10_000) this.callerId = null;
      this.lastRingAt = Date.now();
      this.callerIdWaiter?.();
      this.push({ type: "ring" });
    });
    at.onInfo((line) => {
      const id = this.callerId ?? emptyCallerId();
      if (!applyCallerIdLine(id, line)) return;
      this.callerId = id;
      if (id.numberText !== null) this.callerIdWaiter?.();
    });
    this.serial = serial;
    this.at = at;
  }

  private async close(): Promise<void> {
    const serial = this.serial;
    this.serial = null;
    this.at?.close();
    this.at = null;
    if (serial?.isOpen) await new Promise<void>((r) => serial.close(() => r()));
  }

  private async expectOk(cmd: string, timeoutMs = 2000): Promise<{ numeric: boolean }> {
    const at = this.at;
    if (!at) throw new PortFault("port closed");
    const r = await at.command(cmd, timeoutMs).catch((e: Error) => {
      throw new PortFault(`modem stopped answering: ${e.message}`);
    });
    if (r.code !== "OK") throw new PortFault(`${cmd} answered ${r.text}`);
    return { numeric: /^\d+$/.test(r.text.trim()) };
  }

  /** An idle check: AT must answer OK, and verbosely, or the modem reset itself and needs our settings again. */
  private async checkAlive(timeoutMs: number): Promise<void> {
    if (!(await this.expectOk("AT", timeoutMs)).numeric) return;
    this.log.warn("modem answers with numeric result codes (it reset itself?): initialising it again");
    await this.initialise();
  }

  private async initialise(): Promise<void> {
    // The first AT after opening may meet a modem still in data mode or mid-line: try twice.
    await this.expectOk("AT", 1500).catch(() => this.expectOk("AT", 2000));
    if (this.config.initString.trim()) await this.expectOk(this.config.initString.trim());
    // Whatever the init string says: results on (Q0) and verbose (V1), so that RING, CONNECT and
    // NO CARRIER read unambiguously in data mode; we answer ourselves (S0=0).
    await this.expectOk("ATQ0V1S0=0");
    // Caller ID lets a call that sends nothing readable still be matched to a system. Not every
    // modem has it: ERROR only means we answer on the first ring without it.
    this.callerIdOn = await this.expectOk("AT+VCID=1").then(
      () => true,
      (e: Error) => {
        if (!(e instanceof PortFault) || !/answered/.test(e.message)) throw e;
        this.log.info("modem has no caller ID (AT+VCID=1 refused)");
        return false;
      },
    );
  }

  private async idle(): Promise<void> {
    let nextProbe = Date.now() + this.opts.probeIntervalMs;
    while (!this.stopped) {
      const w = this.wakes.shift() ?? (await this.waitWake(nextProbe - Date.now()));
      if (this.stopped) return;
      if (!w) {
        await this.probe();
        nextProbe = Date.now() + this.opts.probeIntervalMs;
        continue;
      }
      switch (w.type) {
        case "stop":
          return;
        case "error":
          throw w.error instanceof PortFault ? w.error : new PortFault(w.error.message);
        case "ring":
          if (this.config.purpose !== "DIALOUT") await this.answer();
          break;
        case "borrow":
          await this.lend(w.resolve);
          nextProbe = Date.now() + this.opts.probeIntervalMs;
          break;
      }
    }
  }

  private waitWake(ms: number): Promise<TWake | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.wakeUp = null;
          resolve(undefined);
        },
        Math.max(0, ms),
      );
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve(this.wakes.shift());
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        if (!this.stopped) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async probe(): Promise<void> {
    try {
      await this.checkAlive(2000);
      await this.deps.onProbe(true);
    } catch (e) {
      await this.deps.onProbe(false);
      throw e;
    }
  }

  private async answer(): Promise<void> {
    const at = this.at;
    if (!at) return;
    if (this.callerIdOn && this.callerId?.numberText == null) await this.waitCallerId();
    if (!(await this.deps.claim())) return;
    this.status = "BUSY";
    const callerId = this.callerId;
    try {
      const r = await at.command("ATA", this.opts.answerTimeoutMs).catch(() => null);
      if (r?.code === "CONNECT") await this.deps.onCall(this.callLine(at, callerId));
      await this.hangUp(at);
    } finally {
      this.callerId = null;
      await this.deps.release();
      this.status = "IDLE";
    }
    // Ensure the modem is really back in command mode before calling it idle.
    await this.checkAlive(3000);
    this.wakes = this.wakes.filter((w) => w.type !== "ring");
  }

  private waitCallerId(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), this.opts.callerIdWaitMs ?? 8000);
      const done = () => {
        clearTimeout(timer);
        this.callerIdWaiter = null;
        resolve();
      };
      this.callerIdWaiter = done;
    });
  }

  private callLine(at: AtClient, callerId: TCallerId | null): TCallLine {
    let lost: () => void = () => {};
    const carrierLost = new Promise<void>((r) => {
      lost = r;
    });
    if (at.mode !== "data") lost();
    at.onCarrierLost(() => lost());
    return { write: (b) => at.writeData(b), onData: (h) => at.setDataHandler(h), carrierLost, callerId };
  }

  private async hangUp(at: AtClient): Promise<void> {
    at.setDataHandler(null);
    // A real serial device drops DTR (&D2 hangs up); a PTY cannot, so escape + ATH as well.
    const serial = this.serial;
    if (serial?.set) await new Promise<void>((r) => serial.set?.({ dtr: false }, () => serial.set?.({ dtr: true }, () => r())));
    await at.hangup(this.opts.guardMs);
  }

  private async lend(resolve: (h: TDialOutHandle | null) => void): Promise<void> {
    const at = this.at;
    if (!at) return resolve(null);
    this.status = "BUSY";
    let released: () => void = () => {};
    const back = new Promise<void>((r) => {
      released = r;
    });
    resolve({
      portId: this.config.id,
      device: this.config.device,
      command: (cmd, timeoutMs) => at.command(cmd, timeoutMs),
      write: (b) => at.writeData(b),
      onData: (h) => at.setDataHandler(h),
      onCarrierLost: (l) => at.onCarrierLost(l),
      hangup: () => this.hangUp(at),
      release: async () => {
        released();
      },
    });
    await back;
    await this.hangUp(at).catch(() => {});
    await this.deps.release();
    this.status = "IDLE";
    await this.checkAlive(3000);
  }
}
