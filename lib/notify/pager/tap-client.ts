import { tapBlocks } from "./tap-block.ts";
import { replyCode, TapReader, type TTapToken } from "./tap-reader.ts";
import { CR, EOT, ESC, LOGIN_SERVICE, MAX_BLOCK_DATA, printable, TAP_DEFAULTS, type TTapTimings } from "./tap-spec.ts";

export type TTapPhase = "start" | "wait-id" | "wait-login" | "wait-go-ahead" | "wait-block" | "wait-goodbye" | "done";

export type TTapResult = {
  ok: boolean;
  /** Why it failed, in words, with the terminal's own text when it gave any. */
  reason: string | null;
  /** Worth another call (line trouble, a busy terminal), as opposed to a refusal of the page itself. */
  retryable: boolean;
  /** Where the call ended. */
  phase: TTapPhase;
  /** The terminal's numbered replies (110, 114, 211, 115, 5xx …) in order. */
  replies: string[];
};

/** What the shell must do now: write `send`, call `tick` at `wakeAt` (if nothing else happens first). */
export type TTapStep = { send: string; wakeAt: number | null; result: TTapResult | null };

export type TTapPage = { pagerId: string; message: string; password?: string };
export type TTapClientOptions = Partial<TTapTimings> & { maxBlockData?: number };

/** A terminal that keeps saying "111 processing, please wait" gets at most this many extensions. */
const MAX_WAIT_EXTENSIONS = 6;

/**
 * The entry-device side of one TAP 1.8 call (spec section 3.0), as a pure state machine: tokens
 * of the terminal's output and a clock reading in, bytes to send and the next deadline out.
 * CR every t1 until `ID=`; `<ESC>PG1[password]<CR>` up to n1 times until ACK (or straight
 * `<ESC>[p`); the go-ahead; each block up to 1 + n2 times until ACK (NAK or silence resends it,
 * RS refuses the page, `<ESC><EOT>` ends the call); `<EOT><CR>` and the terminal's
 * `<ESC><EOT>`. It never throws on input. The transcript masks the password.
 */
export class TapClient {
  readonly transcript: string[] = [];
  private readonly t: TTapTimings;
  private readonly reader = new TapReader();
  private readonly blocks: string[];
  private phase: TTapPhase = "start";
  private deadline: number | null = null;
  private idDeadline = 0;
  private now = 0;
  private out = "";
  private loginAttempts = 0;
  private loginSentAt = 0;
  private block = 0;
  private resends = 0;
  private extensions = 0;
  private accepted = false;
  private refusal: { reason: string; retryable: boolean } | null = null;
  /** Text lines since we last sent something: the terminal's explanation of what comes next. */
  private recent: string[] = [];
  private seen: string[] = [];
  private readonly replies: string[] = [];
  private outcome: TTapResult | null = null;

  constructor(
    private readonly page: TTapPage,
    opts: TTapClientOptions = {},
  ) {
    const { maxBlockData, ...timings } = opts;
    this.t = { ...TAP_DEFAULTS, ...timings };
    this.blocks = tapBlocks(page.pagerId, page.message, maxBlockData ?? MAX_BLOCK_DATA);
  }

  get result(): TTapResult | null {
    return this.outcome;
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  start(now: number): TTapStep {
    this.now = now;
    if (this.phase !== "start") return this.step();
    this.phase = "wait-id";
    this.idDeadline = now + this.t.idTimeoutMs;
    this.send(CR);
    this.deadline = Math.min(now + this.t.t1Ms, this.idDeadline);
    return this.step();
  }

  feed(text: string, now: number): TTapStep {
    this.now = now;
    for (const token of this.reader.feed(text)) {
      if (this.phase === "done") break;
      this.token(token);
    }
    return this.step();
  }

  /** The deadline passed with nothing from the terminal. Early calls change nothing. */
  tick(now: number): TTapStep {
    this.now = now;
    if (this.phase === "done" || this.deadline === null || now < this.deadline) return this.step();
    const secs = (ms: number) => `${ms / 1000} s`;
    switch (this.phase) {
      case "wait-id":
        if (now >= this.idDeadline) {
          const said = this.seen.length ? ` (it sent: ${JSON.stringify(this.seen.join(" | ").slice(0, 120))})` : "";
          this.fail(`the paging terminal sent no ID= prompt within ${secs(this.t.idTimeoutMs)}${said}`, true);
          break;
        }
        this.send(CR);
        this.deadline = Math.min(now + this.t.t1Ms, this.idDeadline);
        break;
      case "wait-login":
        this.retryLogin(`no answer to the logon within ${secs(this.t.t3Ms)}`);
        break;
      case "wait-go-ahead":
        this.fail(`logon accepted, but no go-ahead (<ESC>[p) within ${secs(this.t.t3Ms)}`, true);
        break;
      case "wait-block":
        this.resendBlock(`no answer within ${secs(this.t.t3Ms)}`);
        break;
      case "wait-goodbye":
        this.note(`no <ESC><EOT> within ${secs(this.t.t3Ms)} of <EOT>: hanging up`);
        this.finish();
        break;
      case "start":
        break;
    }
    return this.step();
  }

  /** The line dropped (NO CARRIER). After our EOT that is just the terminal hanging up. */
  carrierLost(now: number): TTapStep {
    this.now = now;
    if (this.phase === "done") return this.step();
    if (this.phase === "wait-goodbye") {
      this.note("carrier dropped after <EOT>");
      this.finish();
      return this.step();
    }
    const where =
      this.phase === "wait-block"
        ? `while sending block ${this.block + 1} of ${this.blocks.length}`
        : this.phase === "wait-id"
          ? "before the ID= prompt"
          : "during the logon";
    this.fail(`carrier lost ${where}`, true);
    return this.step();
  }

  private token(tk: TTapToken): void {
    if (tk.type === "text") {
      this.received(tk.line);
      return;
    }
    this.received(
      tk.type === "id"
        ? "ID="
        : tk.type === "go-ahead"
          ? "<ESC>[p"
          : tk.type === "disconnect"
            ? "<ESC><EOT>"
            : `<${tk.type.toUpperCase()}>`,
    );
    switch (this.phase) {
      case "wait-id":
        if (tk.type === "id") this.login();
        else if (tk.type === "disconnect") this.fail(this.because("the paging terminal hung up before the logon"), true);
        break;
      case "wait-login":
        this.onLoginReply(tk);
        break;
      case "wait-go-ahead":
        if (tk.type === "go-ahead") this.sendBlock();
        else if (tk.type === "disconnect") this.fail(this.because("the paging terminal hung up after the logon"), true);
        break;
      case "wait-block":
        this.onBlockReply(tk);
        break;
      case "wait-goodbye":
        if (tk.type === "disconnect") this.finish();
        else if (tk.type === "rs" && !this.refusal) this.refuse("the paging terminal refused the page after accepting it (RS)");
        break;
      case "start":
      case "done":
        break;
    }
  }

  private onLoginReply(tk: TTapToken): void {
    switch (tk.type) {
      case "ack":
        this.phase = "wait-go-ahead";
        this.deadline = this.now + this.t.t3Ms;
        break;
      case "go-ahead":
        // Some terminals skip the ACK and go straight to the go-ahead.
        this.sendBlock();
        break;
      case "nak":
      case "rs":
        this.retryLogin(this.because("logon refused (NAK)"));
        break;
      case "id":
        // An ID= right behind our logon answers one of our CR probes; a later one asks again.
        if (this.now - this.loginSentAt >= this.t.t2Ms) this.retryLogin("the terminal asked for ID= again");
        break;
      case "disconnect":
        this.fail(this.because("the paging terminal refused the logon (<ESC><EOT>)"), this.logonRetryable());
        break;
      case "text":
        break;
    }
  }

  private onBlockReply(tk: TTapToken): void {
    switch (tk.type) {
      case "ack":
        this.block += 1;
        if (this.block < this.blocks.length) this.sendBlock();
        else {
          this.accepted = true;
          this.goodbye();
        }
        break;
      case "nak":
        this.resendBlock(this.because("checksum or transmission error (NAK)"));
        break;
      case "rs":
        this.refuse("the paging terminal refused the page (RS)");
        this.goodbye();
        break;
      case "disconnect":
        this.fail(this.because(`the paging terminal hung up at block ${this.block + 1} of ${this.blocks.length} (<ESC><EOT>)`), true);
        break;
      case "id":
      case "go-ahead":
      case "text":
        break;
    }
  }

  private received(line: string): void {
    this.transcript.push(`< ${line}`);
    if (!line.startsWith("<") && line !== "ID=") {
      this.recent.push(line);
      if (this.seen.length < 20) this.seen.push(line);
      const code = replyCode(line);
      if (code !== null) this.replies.push(line);
      // 111: "processing the previous input, please wait".
      if (code === 111 && this.deadline !== null && this.extensions < MAX_WAIT_EXTENSIONS) {
        this.extensions += 1;
        this.deadline = this.now + this.t.t3Ms;
      }
    }
  }

  private login(): void {
    this.phase = "wait-login";
    this.loginAttempts += 1;
    this.loginSentAt = this.now;
    const password = this.page.password ?? "";
    this.send(`${ESC}${LOGIN_SERVICE}${password}${CR}`, `${ESC}${LOGIN_SERVICE}${password ? "******" : ""}${CR}`);
    this.deadline = this.now + this.t.t3Ms;
  }

  private retryLogin(why: string): void {
    if (this.loginAttempts >= this.t.n1) {
      this.fail(`logon failed after ${this.loginAttempts} attempt(s): ${why}`, this.logonRetryable());
      return;
    }
    this.note(`${why}: logging on again`);
    this.login();
  }

  /** 508 (service not supported) and 509 (invalid password) will say the same on any port. */
  private logonRetryable(): boolean {
    return !this.recent.some((l) => [508, 509].includes(replyCode(l) ?? 0));
  }

  private sendBlock(): void {
    this.phase = "wait-block";
    this.resends = 0;
    this.send(this.blocks[this.block] ?? "");
    this.deadline = this.now + this.t.t3Ms;
  }

  private resendBlock(why: string): void {
    const which = `block ${this.block + 1} of ${this.blocks.length}`;
    if (this.resends >= this.t.n2) {
      this.fail(`${which} not accepted after ${this.resends} resend(s): ${why}`, true);
      return;
    }
    this.resends += 1;
    this.note(`${which}: ${why}: resending (${this.resends} of ${this.t.n2})`);
    this.send(this.blocks[this.block] ?? "");
    this.deadline = this.now + this.t.t3Ms;
  }

  private refuse(what: string): void {
    // 512 "temporarily cannot deliver, try later" is the one refusal another call may cure.
    const retryable = this.recent.some((l) => replyCode(l) === 512);
    this.refusal = { reason: this.because(what), retryable };
  }

  private goodbye(): void {
    this.phase = "wait-goodbye";
    this.send(`${EOT}${CR}`);
    this.deadline = this.now + this.t.t3Ms;
  }

  /** `what`, plus what the terminal said about it. */
  private because(what: string): string {
    const said = this.recent.join("; ").slice(0, 300);
    return said ? `${what}: ${said}` : what;
  }

  private send(bytes: string, shown = bytes): void {
    this.out += bytes;
    this.recent = [];
    this.transcript.push(`> ${printable(shown)}`);
  }

  private note(text: string): void {
    this.transcript.push(`! ${text}`);
  }

  private fail(reason: string, retryable: boolean): void {
    this.note(reason);
    this.end({ ok: false, reason, retryable, phase: this.phase, replies: this.replies });
  }

  private finish(): void {
    const ended = this.phase;
    if (this.refusal) {
      this.end({ ok: false, ...this.refusal, phase: ended, replies: this.replies });
      return;
    }
    if (this.accepted) {
      this.end({ ok: true, reason: null, retryable: false, phase: ended, replies: this.replies });
      return;
    }
    this.end({ ok: false, reason: "the call ended before the page was accepted", retryable: true, phase: ended, replies: this.replies });
  }

  private end(result: TTapResult): void {
    this.phase = "done";
    this.deadline = null;
    this.outcome = result;
  }

  private step(): TTapStep {
    const send = this.out;
    this.out = "";
    return { send, wakeAt: this.deadline, result: this.outcome };
  }
}
