import type { TDialOutHandle } from "../../connect/modem-port.ts";
import type { TCheckedPage } from "./page.ts";
import { decodeFrom, encodeFor, formatOf, type TSerialFormat } from "./serial-format.ts";
import { TapClient, type TTapClientOptions, type TTapStep } from "./tap-client.ts";

export type TPageOutcome = {
  ok: boolean;
  reason: string | null;
  /** Another call (on another port or node) may succeed. */
  retryable: boolean;
  /** Modem commands and results, then the TAP dialogue; the password masked. */
  transcript: string;
  /** What the modem said when the call connected (`CONNECT 1200`), null when it did not. */
  connect: string | null;
  /** The paging terminal's numbered replies (TAP only). */
  replies: string[];
};

export type TSendPageOptions = {
  tap?: TTapClientOptions;
  /** ATDT until CONNECT or a failure code: the modem's own S7 usually ends it first. */
  dialTimeoutMs?: number;
  /** A numeric dial with its pauses and digits, until OK. */
  numericTimeoutMs?: number;
  /** After a numeric dial's OK, before ATH: the service hears the last tone out. */
  numericHoldMs?: number;
  /** Upper bound for a whole TAP call once connected. */
  maxCallMs?: number;
  now?: () => number;
};

/** V.250 `+MS` carriers for the line rates paging services use. */
const MODULATION: Record<number, string> = { 300: "V21", 1200: "V22", 2400: "V22B", 4800: "V32", 9600: "V32", 14400: "V32B" };

const DIAL_FAILURES: Record<string, string> = {
  BUSY: "the line is busy (BUSY)",
  "NO ANSWER": "no answer (NO ANSWER)",
  "NO CARRIER": "no carrier (NO CARRIER): no modem answered, or the line was busy on a modem reporting X0/X1",
  "NO DIALTONE": "no dial tone (NO DIALTONE): check this port's phone line",
  ERROR: "the modem refused the dial command (ERROR)",
};

type TTapPage = Extract<TCheckedPage, { kind: "TAP" }>;

/** How long to wait for the terminal to drop the line after its goodbye. */
const GOODBYE_DROP_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Sends one checked page over a lent modem: the thin I/O shell around `TapClient` (TAP) or a
 * voice dial (numeric). It never throws for line trouble: every failure is an outcome with a
 * reason, and the modem is always hung up before it returns.
 */
export async function sendPage(line: TDialOutHandle, page: TCheckedPage, opts: TSendPageOptions = {}): Promise<TPageOutcome> {
  const log: string[] = [];
  const at: TAt = async (cmd, timeoutMs) => {
    log.push(`AT> ${cmd}`);
    try {
      const r = await line.command(cmd, timeoutMs);
      for (const i of r.info ?? []) log.push(`AT< ${i}`);
      log.push(`AT< ${r.text}`);
      return r;
    } catch (e) {
      log.push(`AT! ${message(e)}`);
      return null;
    }
  };
  let outcome: Omit<TPageOutcome, "transcript">;
  if (page.kind === "NUMERIC") {
    try {
      outcome = await numericCall(at, page, opts);
    } finally {
      await at("ATH", 5000);
    }
  } else {
    let restore: string | null = null;
    try {
      if (page.baud) restore = await selectModulation(page.baud, at, log);
      outcome = await tapDial(line, at, page, opts, log);
    } finally {
      await line.hangup().catch((e: unknown) => log.push(`! hang-up failed: ${message(e)}`));
      log.push("! hung up");
      if (restore) await at(`AT+MS=${restore}`, 3000);
    }
  }
  return { ...outcome, transcript: log.join("\n") };
}

type TAt = (cmd: string, timeoutMs: number) => Promise<{ code: string; text: string; info?: string[] } | null>;
const failed = (reason: string, retryable = true) => ({ ok: false, reason, retryable, connect: null, replies: [] });

async function numericCall(at: TAt, page: Extract<TCheckedPage, { kind: "NUMERIC" }>, opts: TSendPageOptions) {
  const r = await at(`ATD${page.dial}`, opts.numericTimeoutMs ?? 60_000);
  if (!r) return failed("the modem did not finish the numeric dial");
  if (r.code !== "OK") return failed(DIAL_FAILURES[r.code] ?? `the modem answered ${r.text}`);
  // A voice call has no acknowledgement: OK says every digit was dialled, nothing more.
  await sleep(opts.numericHoldMs ?? 2000);
  return { ok: true, reason: null, retryable: false, connect: null, replies: [] };
}

async function tapDial(line: TDialOutHandle, at: TAt, page: TTapPage, opts: TSendPageOptions, log: string[]) {
  const r = await at(`ATDT${page.number}`, opts.dialTimeoutMs ?? 90_000);
  if (!r) return failed("the modem gave no result for the dial");
  if (r.code !== "CONNECT") return failed(DIAL_FAILURES[r.code] ?? `the modem answered ${r.text}`);
  const tap = await tapCall(line, page, opts);
  log.push(...tap.transcript);
  const { ok, reason, retryable, replies } = tap.result;
  return { ok, reason, retryable, replies, connect: r.text };
}

/** Asks the modem for the paging service's line rate; returns the setting to restore after the call. */
async function selectModulation(baud: number, at: TAt, log: string[]): Promise<string | null> {
  const carrier = MODULATION[baud];
  if (!carrier) {
    log.push(`! no modulation known for ${baud} baud: the modem negotiates the line rate`);
    return null;
  }
  const current = await at("AT+MS?", 3000);
  const saved = current?.code === "OK" ? /^\+MS:\s*(.+)$/i.exec(current.info?.find((l) => /^\+MS:/i.test(l)) ?? "")?.[1] : undefined;
  if (!saved) {
    log.push(`! this modem has no AT+MS: it negotiates the line rate itself (${baud} baud wanted)`);
    return null;
  }
  const set = await at(`AT+MS=${carrier}`, 3000);
  if (set?.code !== "OK") {
    log.push(`! the modem refused ${carrier} for ${baud} baud: it negotiates the line rate itself`);
    return null;
  }
  return saved.trim();
}

/**
 * Runs a TapClient on a connected line until it has a result (or the call overruns). After our
 * EOT the terminal hangs up itself: its carrier drop is awaited briefly, so that hanging up is
 * a plain ATH rather than an escape with guard times.
 */
function tapCall(line: TDialOutHandle, page: TTapPage, opts: TSendPageOptions) {
  const now = opts.now ?? Date.now;
  const maxCallMs = opts.maxCallMs ?? 300_000;
  const client = new TapClient({ pagerId: page.pagerId, message: page.message, password: page.password }, opts.tap);
  let format: TSerialFormat | null = page.format === "auto" ? null : page.format;
  let probes = 0;
  // Until the terminal's bytes tell its format, CR probes alternate 7E1 (TAP's) and plain bytes,
  // so that a strict terminal of either kind hears one; anything else goes out as 7E1.
  const encode = (text: string) => encodeFor(format ?? (text === "\r" && probes++ % 2 === 1 ? "8N1" : "7E1"), text);
  const learn = (bytes: string) => {
    if (format) return;
    format = formatOf(bytes);
    if (format) client.transcript.push(`! the terminal speaks ${format}: answering in ${format}`);
  };
  return new Promise<{ transcript: string[]; result: NonNullable<TapClient["result"]> }>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    let dropped = false;
    let onDrop: (() => void) | null = null;
    const cap = setTimeout(() => finish(`the call took longer than ${maxCallMs / 1000} s`), maxCallMs);
    const finish = async (overrun?: string) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      clearTimeout(cap);
      line.onData(() => {});
      const result = client.result ?? {
        ok: false,
        reason: overrun ?? "the call ended",
        retryable: true,
        phase: "done" as const,
        replies: [],
      };
      if (!client.result) client.transcript.push(`! ${result.reason}`);
      if (result.phase === "wait-goodbye" && !dropped)
        await new Promise<void>((r) => {
          const t = setTimeout(r, GOODBYE_DROP_MS);
          onDrop = () => {
            clearTimeout(t);
            r();
          };
        });
      resolve({ transcript: client.transcript, result });
    };
    const apply = (step: TTapStep) => {
      if (over) return;
      if (step.send) line.write(encode(step.send));
      clearTimeout(timer);
      if (step.result) {
        void finish();
        return;
      }
      if (step.wakeAt !== null) timer = setTimeout(() => apply(client.tick(now())), Math.max(0, step.wakeAt - now()));
    };
    line.onData((bytes) => {
      learn(bytes);
      apply(client.feed(decodeFrom(bytes), now()));
    });
    line.onCarrierLost(() => {
      dropped = true;
      onDrop?.();
      apply(client.carrierLost(now()));
    });
    apply(client.start(now()));
  });
}
