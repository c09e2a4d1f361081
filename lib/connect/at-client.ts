import { AtSession } from "./hayes/at-session.ts";
import { LineAssembler } from "./hayes/line-assembler.ts";
import type { TResult } from "./hayes/result-codes.ts";

export type TTransport = { write(data: string): void };

/** A final result code with the text lines the command printed before it (`AT+MS?`, `ATI`). */
export type TCommandResult = TResult & { info: string[] };

export class AtTimeoutError extends Error {
  constructor(command: string, ms: number) {
    super(`no answer to ${command} within ${ms} ms`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CARRIER_LOST = "NO CARRIER";
/** `3` CR at a line start: NO CARRIER from a modem speaking numeric codes (ATV0). */
const CARRIER_LOST_NUMERIC = /[\r\n]3\r/;

/**
 * The I/O shell around `AtSession`: feed it what the modem sends, await commands. In data mode
 * (after CONNECT) bytes go to the data handler instead; the modem's own `NO CARRIER` in that
 * stream (the far end hung up or the line dropped) ends data mode, which is how a carrier
 * loss shows on a line without DCD (a PTY). A modem that said CONNECT numerically (ATV0, e.g.
 * one that reset itself to a stored profile) says NO CARRIER as `3` CR: that is looked for at
 * line starts only, and only then, so data that merely contains a 3 is never misread (INADS
 * record lines start with STX). Never throws from `feed`.
 */
export class AtClient {
  private readonly session = new AtSession();
  private readonly lines = new LineAssembler();
  private waiter: { resolve: (r: TCommandResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private dataHandler: ((bytes: string) => void) | null = null;
  private dataTail = "";
  /** The CONNECT that started data mode was numeric. */
  private numeric = false;
  /** Data that arrived before anyone listened (bytes right behind CONNECT in the same read). */
  private early = "";
  /** The LF of the CONNECT line's CRLF still belongs to the result, not to the data. */
  private skipLf = false;
  private carrierListeners: (() => void)[] = [];
  private unsolicited: ((r: TResult) => void)[] = [];
  private infoListeners: ((line: string) => void)[] = [];
  mode: "command" | "data" = "command";

  constructor(private readonly transport: TTransport) {}

  onUnsolicited(listener: (r: TResult) => void): () => void {
    this.unsolicited.push(listener);
    return () => {
      this.unsolicited = this.unsolicited.filter((l) => l !== listener);
    };
  }

  /** Text lines in command mode that are not result codes or echoes (caller ID, ATI answers). */
  onInfo(listener: (line: string) => void): void {
    this.infoListeners.push(listener);
  }

  /** Called once when carrier is lost during data mode. */
  onCarrierLost(listener: () => void): void {
    this.carrierListeners.push(listener);
  }

  feed(input: Uint8Array | string): void {
    let text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
    while (text.length > 0) {
      if (this.mode === "data") {
        this.data(text);
        return;
      }
      const end = text.search(/[\r\n]/);
      const chunk = end < 0 ? text : text.slice(0, end + 1);
      text = end < 0 ? "" : text.slice(end + 1);
      for (const line of this.lines.feed(chunk)) this.line(line);
    }
  }

  private line(line: string): void {
    for (const ev of this.session.line(line)) {
      if (ev.type === "final" && this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        clearTimeout(w.timer);
        if (ev.result.code === "CONNECT") this.enterData(ev.result);
        w.resolve({ ...ev.result, info: ev.info });
      } else if (ev.type === "unsolicited") {
        if (ev.result.code === "CONNECT") this.enterData(ev.result);
        for (const l of this.unsolicited) l(ev.result);
      } else if (ev.type === "info") for (const l of this.infoListeners) l(ev.line);
    }
  }

  private enterData(connect: TResult): void {
    this.mode = "data";
    this.numeric = /^\d+$/.test(connect.text.trim());
    // Data mode starts at a line start; the CR stands for the end of the CONNECT line.
    this.dataTail = this.numeric ? "\r" : "";
    this.early = "";
    this.skipLf = !this.numeric;
    this.lines.reset();
  }

  private data(input: string): void {
    const text = this.skipLf && input.startsWith("\n") ? input.slice(1) : input;
    this.skipLf = false;
    if (!text) return;
    // Keep the last few bytes so a NO CARRIER split across reads is still seen.
    const window = this.dataTail + text;
    const verbose = window.indexOf(CARRIER_LOST);
    const numeric = this.numeric ? (CARRIER_LOST_NUMERIC.exec(window)?.index ?? -2) + 1 : -1;
    const at = verbose < 0 ? numeric : numeric < 0 ? verbose : Math.min(verbose, numeric);
    if (at >= 0) {
      const before = window.slice(this.dataTail.length, Math.max(this.dataTail.length, at));
      if (before) this.deliver(before);
      this.leaveData();
      for (const l of this.carrierListeners.splice(0)) l();
      return;
    }
    this.dataTail = window.slice(-CARRIER_LOST.length);
    this.deliver(text);
  }

  private deliver(bytes: string): void {
    if (this.dataHandler) this.dataHandler(bytes);
    else if (this.early.length < 65_536) this.early += bytes;
  }

  setDataHandler(handler: ((bytes: string) => void) | null): void {
    this.dataHandler = handler;
    if (!handler) return;
    const early = this.early;
    this.early = "";
    if (early) handler(early);
  }

  leaveData(): void {
    this.mode = "command";
    this.lines.reset();
  }

  writeData(bytes: string): void {
    this.transport.write(bytes);
  }

  /** Sends one AT command and resolves with its final result code. */
  command(command: string, timeoutMs = 2000): Promise<TCommandResult> {
    if (this.waiter) {
      this.session.cancel();
      clearTimeout(this.waiter.timer);
      this.waiter.reject(new Error(`superseded by ${command}`));
      this.waiter = null;
    }
    const bytes = this.session.command(command);
    return new Promise<TCommandResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.session.cancel();
        reject(new AtTimeoutError(command, timeoutMs));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
      this.transport.write(bytes);
    });
  }

  /** `+++` with guard time on both sides; resolves true once the modem is in command mode. */
  async escape(guardMs: number): Promise<boolean> {
    const wasData = this.mode === "data";
    await sleep(guardMs * 1.2);
    // The far end hung up while we kept quiet: NO CARRIER already put the modem in command mode,
    // and a +++ now would wait out its timeout for an OK that never comes.
    if (wasData && this.mode !== "data") return true;
    this.leaveData();
    const ok = new Promise<boolean>((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiter = null;
          this.session.cancel();
          resolve(false);
        },
        guardMs * 3 + 1000,
      );
      this.session.command("+++");
      this.waiter = { resolve: (r) => resolve(r.code === "OK"), reject: () => resolve(false), timer };
    });
    this.transport.write("+++");
    return ok;
  }

  /** Hangs up from data mode: escape, then ATH (a PTY cannot drop DTR). */
  async hangup(guardMs: number): Promise<void> {
    if (this.mode === "data") await this.escape(guardMs);
    await this.command("ATH", 3000).catch(() => undefined);
  }

  close(): void {
    if (this.waiter) {
      clearTimeout(this.waiter.timer);
      this.waiter.reject(new Error("closed"));
      this.waiter = null;
    }
  }
}
