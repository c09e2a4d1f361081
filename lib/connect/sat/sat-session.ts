import { LoginDialogue, type TLoginCredentials, type TLoginEvent } from "./login-dialogue.ts";
import { encodeOssiRequest, OssiResponseParser, type TOssiRequest, type TOssiResponse } from "./ossi-codec.ts";
import { SatError, type TSatStep, timeoutError } from "./sat-error.ts";
import type { Transcript } from "./transcript.ts";
import type { TSatTimeouts, TSatTransport } from "./transport.ts";

export type TSatResult = TOssiResponse & {
  command: string;
  /** No `e` line in the answer. */
  ok: boolean;
  /** From sending the command to its closing `t`. */
  ms: number;
};

type TWait = {
  step: TSatStep;
  onText: (text: string) => void;
  onLost: (reason: string) => void;
  /** A timer that dies with the step; returns a function that cancels it. */
  later: (ms: number, fn: () => void) => () => void;
};

/**
 * One logged-in SAT over a transport: the I/O shell around `LoginDialogue` and the OSSI codec.
 * One thing at a time (commands queue); every step has its own time limit; the far end going
 * away fails the step in progress with LINE_DROPPED. Never leaves a timer running.
 */
export class SatSession {
  private wait: TWait | null = null;
  private pending = "";
  private lost: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private loggedIn = false;

  constructor(
    private readonly transport: TSatTransport,
    private readonly creds: TLoginCredentials,
    private readonly timeouts: TSatTimeouts,
    private readonly transcript: Transcript,
  ) {
    transport.onData((text) => {
      this.transcript.received(text);
      if (this.wait) this.wait.onText(text);
      else this.pending = (this.pending + text).slice(-8192);
    });
    transport.onClose((reason) => {
      this.lost = reason;
      this.transcript.note(`connection closed: ${reason}`);
      this.wait?.onLost(reason);
    });
  }

  get isOpen(): boolean {
    return this.lost === null;
  }

  /** Runs `body` as the only consumer of the line until it settles. */
  private consume<T>(step: TSatStep, body: (finish: (e: Error | null, v?: T) => void, w: TWait) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.lost !== null) return reject(new SatError("LINE_DROPPED", `connection closed before step ${step}: ${this.lost}`, step));
      const timers = new Set<NodeJS.Timeout>();
      let settled = false;
      const w: TWait = {
        step,
        onText: () => {},
        onLost: () => {},
        later: (ms, fn) => {
          const t = setTimeout(() => {
            timers.delete(t);
            fn();
          }, ms);
          timers.add(t);
          return () => {
            clearTimeout(t);
            timers.delete(t);
          };
        },
      };
      const finish = (e: Error | null, v?: T) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        if (this.wait === w) this.wait = null;
        if (e) reject(e);
        else resolve(v as T);
      };
      this.wait = w;
      body(finish, w);
      const early = this.pending;
      this.pending = "";
      if (early && !settled) w.onText(early);
    });
  }

  private write(line: string, secret = false): void {
    this.transcript.sent(line, secret);
    this.transport.write(line + this.transport.enter);
  }

  /** The login dialogue up to the OSSI prompt. */
  login(): Promise<void> {
    const dialogue = new LoginDialogue(this.creds);
    return this.consume<void>("login", (finish, w) => {
      let cancelStep = () => {};
      let cancelQuiet = () => {};
      let cancelStall = () => {};
      // A step that stays silent gets one nudge (see LoginDialogue.nudge) well before its time limit.
      const stall = () => {
        cancelStall();
        cancelStall = w.later(this.timeouts.nudge, () => act(dialogue.nudge()));
      };
      const arm = () => {
        cancelStep();
        w.step = dialogue.step;
        cancelStep = w.later(this.timeouts.login, () => finish(timeoutError(dialogue.step, this.timeouts.login, promptFor(dialogue.step))));
        stall();
      };
      const act = (events: TLoginEvent[]) => {
        for (const ev of events) {
          if (ev.type === "send") {
            this.write(ev.text, ev.secret);
            arm();
          } else if (ev.type === "ready") {
            this.loggedIn = true;
            finish(null);
          } else finish(new SatError(ev.code, ev.reason, dialogue.step));
        }
      };
      w.onText = (text) => {
        act(dialogue.feed(text));
        cancelQuiet();
        cancelQuiet = w.later(this.timeouts.promptQuiet, () => act(dialogue.quiet()));
        stall();
      };
      w.onLost = (reason) =>
        finish(new SatError("LINE_DROPPED", `the system closed the connection at step ${dialogue.step}: ${reason}`, dialogue.step));
      arm();
    });
  }

  /** One OSSI command; answers with `e` lines resolve (ok: false), they do not throw. */
  run(request: string | TOssiRequest, opts: { timeoutMs?: number } = {}): Promise<TSatResult> {
    const req = typeof request === "string" ? { command: request } : request;
    const next = this.queue.then(() => this.runNow(req, opts.timeoutMs ?? this.timeouts.command));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runNow(req: TOssiRequest, timeoutMs: number): Promise<TSatResult> {
    if (!this.loggedIn) return Promise.reject(new SatError("PROTOCOL", "not logged in", "command"));
    const lines = encodeOssiRequest(req);
    const parser = new OssiResponseParser(lines);
    const started = Date.now();
    const command = req.command.trim();
    // Whatever came in since the last answer (a late second `t` after a login nudge, a stray
    // message) belongs to no command: it is in the transcript, and must not end this one early.
    this.pending = "";
    return this.consume<TSatResult>("command", (finish, w) => {
      w.later(timeoutMs, () => finish(timeoutError("command", timeoutMs, command)));
      w.onText = (text) => {
        const r = parser.feed(text);
        if (r) finish(null, { ...r, command, ok: r.errors.length === 0, ms: Date.now() - started });
      };
      w.onLost = (reason) =>
        finish(new SatError("LINE_DROPPED", `the system closed the connection during '${command}': ${reason}`, "command"));
      // One write per command: separate small writes cost a round trip each behind Nagle/delayed ACK (SSH).
      for (const l of lines) this.transcript.sent(l);
      this.transport.write(lines.map((l) => l + this.transport.enter).join(""));
    });
  }

  /** `c logoff`, `t`, `y` to "Proceed With Logoff"; best effort, never throws. */
  async logoff(): Promise<void> {
    await this.queue;
    if (this.lost !== null || !this.loggedIn) return;
    this.loggedIn = false;
    await this.consume<void>("logoff", (finish, w) => {
      let seen = "";
      let answered = false;
      w.later(this.timeouts.logoff, () => {
        this.transcript.note("no end of session from the system after logoff; closing");
        finish(null);
      });
      w.onText = (text) => {
        seen = (seen + text).slice(-512);
        if (!answered && /proceed\s+with\s+logoff/i.test(seen)) {
          answered = true;
          this.write("y");
          // Some systems wait for the client to go once it said yes.
          w.later(1500, () => finish(null));
        }
      };
      w.onLost = () => finish(null);
      this.write("c logoff");
      this.write("t");
    }).catch(() => undefined);
  }
}

function promptFor(step: TSatStep): string {
  switch (step) {
    case "login":
      return "no Login: prompt";
    case "password":
      return "no Password: prompt";
    case "terminal-type":
      return "no Terminal Type prompt after the password";
    case "prompt":
      return "no OSSI prompt 't' after the terminal type";
    default:
      return step;
  }
}
