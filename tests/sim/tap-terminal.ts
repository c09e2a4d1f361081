/**
 * The paging terminal's side of one TAP 1.8 call (the spec's "Paging Terminal Does" column),
 * written from the specification on its own, apart from Klaxon's client (lib/notify/pager), so
 * that a shared misreading does not hide: it checks every block's checksum itself, checks
 * parity in 7E1, answers with numbered replies (110, 114, 211, 115, 5xx), and plays scripted
 * faults. Timers run on the real clock; `send` and `hangup` are the line.
 */

export type TTapFaults = {
  /** NAK this many blocks (the first ones received) even when their checksum is right. */
  nak?: number;
  /** Refuse every page with RS and this text (e.g. `511 Invalid Pager ID`). */
  rs?: string;
  /** Hang up once this many bytes of the first transaction arrived: carrier lost mid-message. */
  dropAfterBytes?: number;
  /** Answer the call with garbage and never speak TAP. */
  nonsense?: boolean;
  /** Every reply this many ms late. */
  slowMs?: number;
  /** Refuse the logon with this text and ESC EOT (go away). */
  goAway?: string;
  /** NAK this many logons first. */
  loginNak?: number;
  /** Never answer EOT with ESC EOT (the caller has to time out). */
  noGoodbye?: boolean;
  /** Send ID= after t1 without waiting for a CR (some terminals do). */
  idUnprompted?: boolean;
};

export type TTapTerminalConfig = {
  format: "7E1" | "8N1";
  password?: string;
  /** Valid pager IDs; others are refused with 511 and RS. */
  pagerIds: RegExp;
  /** Longer messages are cut and answered 212 (HylaFAX's default limit is 128). */
  maxMessage: number;
  /** How this terminal ends its lines (terminals in the field use CR, LF, CRLF, LFCR). */
  eol: string;
  t1Ms: number;
  t2Ms: number;
  t4Ms: number;
  t5Ms: number;
  n3: number;
};

export type TTapPageReceived = { pagerId: string; message: string; blocks: number };

const STX = 0x02;
const EOT = 0x04;
const CR = 0x0d;
const ETB = 0x17;
const US = 0x1f;
const ACK = "\x06";
const NAK = "\x15";
const RS = "\x1e";

const ones = (b: number) => b.toString(2).replaceAll("0", "").length;

export class TapTerminalSession {
  state: "await-cr" | "await-logon" | "await-transaction" | "ended" = "await-cr";
  readonly log: string[] = [];
  readonly pages: TTapPageReceived[] = [];
  ending: "goodbye" | "caller" | "dropped" | "timeout" | "refused" | null = null;
  private buf = "";
  private corrupt = false;
  private block: string | null = null;
  private transaction = "";
  private transactionBlocks = 0;
  private bytesInTransactions = 0;
  private idSent = 0;
  private idPending = false;
  private logons = 0;
  private naks = 0;
  private forcedNaks: number;
  private loginNaks: number;
  private replyAt = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private waitTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cfg: TTapTerminalConfig,
    private readonly faults: TTapFaults,
    private readonly line: { send(bytes: string): void; hangup(): void },
  ) {
    this.forcedNaks = faults.nak ?? 0;
    this.loginNaks = faults.loginNak ?? 0;
  }

  connected(): void {
    if (this.faults.nonsense) {
      const junk = ["+++ATH0", "?? 48 LOAD ERR", "\x7f\x7f~~", "CONNECT 300", "PASSWORD:", "*** 9 ***", "idle"];
      let i = 0;
      const tick = setInterval(() => this.write(`${junk[i++ % junk.length]}\r\n`), 300);
      this.timers.add(tick as unknown as NodeJS.Timeout);
      return;
    }
    if (this.faults.idUnprompted) this.later(this.cfg.t1Ms, () => this.state === "await-cr" && this.sendId());
  }

  /** Bytes from the caller, as they came off the line. */
  receive(bytes: string): void {
    if (this.state === "ended" || this.faults.nonsense) return;
    for (let i = 0; i < bytes.length && !this.over; i++) {
      const raw = bytes.charCodeAt(i);
      // 7E1: bit 7 must make the count of ones even; an 8N1 terminal sees bit 7 as data (garbage).
      if (this.cfg.format === "7E1" ? ones(raw) % 2 !== 0 : raw > 0x7f) this.corrupt = true;
      this.byte(raw & 0x7f);
      if (this.state === "await-cr") this.corrupt = false;
    }
  }

  get over(): boolean {
    return this.state === "ended";
  }

  end(how: NonNullable<TapTerminalSession["ending"]>): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.ending ??= how;
    // clearTimeout ends the nonsense interval too.
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private byte(c: number): void {
    switch (this.state) {
      case "await-cr":
        // A CR with a parity error (or, in 8N1, bit 7 set) is line noise to a strict terminal.
        if (c === CR && !this.corrupt && !this.idPending) {
          this.idPending = true;
          this.later(Math.min(50, this.cfg.t2Ms), () => this.sendId());
        }
        return;
      case "await-logon":
        if (c !== CR) {
          if (this.buf.length < 64) this.buf += String.fromCharCode(c);
          return;
        }
        this.logon(this.buf);
        this.buf = "";
        this.corrupt = false;
        return;
      case "await-transaction": {
        this.transactionByte(c);
        return;
      }
      case "ended":
        return;
    }
  }

  private sendId(): void {
    this.idPending = false;
    if (this.state === "ended") return;
    if (this.idSent > this.cfg.n3) {
      this.reply(`\x1b\x04${this.cfg.eol}`);
      this.hangupSoon("timeout");
      return;
    }
    this.idSent += 1;
    this.state = "await-logon";
    this.corrupt = false;
    this.reply("ID=");
    // t5: no logon in time, ask again (n3 times), then give up.
    this.wait(this.cfg.t5Ms, () => this.sendId());
  }

  private logon(line: string): void {
    const eol = this.cfg.eol;
    const m = /^\x1b(..)(.)(.*)$/.exec(line);
    if (!m) {
      // A bare CR (another probe) or manual entry, which this terminal does not offer: ID= again.
      this.later(50, () => this.sendId());
      return;
    }
    this.logons += 1;
    const refuse = (text: string) => {
      if (this.logons >= 3) {
        this.reply(`${text}${eol}\x1b\x04${eol}`);
        this.hangupSoon("refused");
        return;
      }
      this.reply(`${text}${eol}${NAK}${eol}`);
      this.wait(this.cfg.t5Ms, () => this.sendId());
    };
    if (this.faults.goAway) {
      this.reply(`${this.faults.goAway}${eol}\x1b\x04${eol}`);
      this.hangupSoon("refused");
      return;
    }
    if (this.corrupt) {
      refuse("507 Invalid logon attempt: incorrectly formed logon sequence");
      return;
    }
    if (m[1] !== "PG" || m[2] !== "1") {
      refuse("508 Invalid logon attempt: service type and category not supported");
      return;
    }
    if ((this.cfg.password ?? "") !== (m[3] ?? "")) {
      refuse("509 Invalid logon attempt: invalid password");
      return;
    }
    if (this.loginNaks > 0) {
      this.loginNaks -= 1;
      refuse("507 Invalid logon attempt: please try again");
      return;
    }
    this.state = "await-transaction";
    this.reply(`110 1.8${eol}114 Klaxon paging terminal simulator${eol}${ACK}${eol}`);
    this.reply(`\x1b[p${eol}`);
    this.awaitTransaction();
  }

  private awaitTransaction(): void {
    this.wait(this.cfg.t4Ms, () => {
      this.reply(`501 Time-out occurred waiting for user input${this.cfg.eol}\x1b\x04${this.cfg.eol}`);
      this.hangupSoon("timeout");
    });
  }

  private transactionByte(c: number): void {
    this.bytesInTransactions += 1;
    if (this.faults.dropAfterBytes !== undefined && this.bytesInTransactions > this.faults.dropAfterBytes) {
      this.log.push("! dropping the line mid-message");
      this.end("dropped");
      this.line.hangup();
      return;
    }
    if (this.block === null) {
      if (c === STX) {
        this.block = "\x02";
        this.corrupt = false;
      } else if (c === EOT) this.buf = "\x04";
      else if (c === CR && this.buf === "\x04") this.goodbye();
      else this.buf = "";
      return;
    }
    this.block += String.fromCharCode(c);
    const end = this.block.search(/[\x03\x17\x1f]/);
    if (end >= 0 && this.block.length >= end + 5 && c === CR) {
      this.checkBlock(this.block, end);
      return;
    }
    if (this.block.length > 300) {
      this.block = null;
      this.reply(`${NAK}${this.cfg.eol}`);
    }
  }

  private checkBlock(block: string, end: number): void {
    this.block = null;
    this.wait(this.cfg.t4Ms * 3, () => this.hangupSoon("timeout"));
    const eol = this.cfg.eol;
    const body = block.slice(0, end + 1);
    let sum = 0;
    for (const ch of body) sum += ch.charCodeAt(0);
    const expected = [(sum >> 8) & 15, (sum >> 4) & 15, sum & 15].map((n) => String.fromCharCode(48 + n)).join("");
    const good = !this.corrupt && block.slice(end + 1, end + 4) === expected && body.length <= 252;
    if (!good || this.forcedNaks > 0) {
      if (good) this.forcedNaks -= 1;
      this.naks += 1;
      this.log.push(`! block refused (${good ? "forced NAK" : "checksum or parity error"})`);
      if (this.naks > 6) {
        this.reply(`503 Excessive attempts to send a transaction with checksum errors${eol}\x1b\x04${eol}`);
        this.hangupSoon("refused");
        return;
      }
      this.reply(`${NAK}${eol}`);
      return;
    }
    this.transaction += body.slice(1, -1);
    this.transactionBlocks += 1;
    const terminator = body.charCodeAt(body.length - 1);
    if (terminator === ETB || terminator === US) {
      this.reply(`${ACK}${eol}`);
      this.awaitTransaction();
      return;
    }
    if (terminator === 0x03) this.completeTransaction();
  }

  private completeTransaction(): void {
    const eol = this.cfg.eol;
    const fields = this.transaction
      .split("\r")
      .map((f) => f.replace(/\x1a(.)/g, (_, ch: string) => String.fromCharCode(ch.charCodeAt(0) - 0x40)));
    const blocks = this.transactionBlocks;
    this.transaction = "";
    this.transactionBlocks = 0;
    const pagerId = fields[0] ?? "";
    let message = fields.slice(1, -1).join("\r");
    this.awaitTransaction();
    if (this.faults.rs) {
      this.reply(`${this.faults.rs}${eol}${RS}${eol}`);
      return;
    }
    if (!this.cfg.pagerIds.test(pagerId)) {
      this.reply(`511 Invalid Pager ID - no subscriber for ${pagerId}${eol}${RS}${eol}`);
      return;
    }
    let code = "211 Page(s) Sent Successfully";
    if (message.length > this.cfg.maxMessage) {
      message = message.slice(0, this.cfg.maxMessage);
      code = "212 Long message truncated and sent";
    }
    this.pages.push({ pagerId, message, blocks });
    this.log.push(`! page for ${pagerId}: ${JSON.stringify(message)}`);
    this.reply(`${code}${eol}${ACK}${eol}`);
  }

  private goodbye(): void {
    this.buf = "";
    clearTimeout(this.waitTimer);
    if (this.faults.noGoodbye) return;
    this.reply(`115 Thank you for calling the Klaxon paging simulator${this.cfg.eol}\x1b\x04${this.cfg.eol}`);
    this.hangupSoon("goodbye");
  }

  private hangupSoon(how: NonNullable<TapTerminalSession["ending"]>): void {
    this.ending ??= how;
    this.later(Math.max(this.replyAt - Date.now(), 0) + 100, () => {
      this.end(how);
      this.line.hangup();
    });
  }

  /** Replies keep their order; `slowMs` delays each one. */
  private reply(text: string): void {
    const at = Math.max(Date.now(), this.replyAt) + (this.faults.slowMs ?? 0);
    this.replyAt = at;
    this.later(at - Date.now(), () => this.write(text));
  }

  private write(text: string): void {
    if (this.state === "ended") return;
    let out = "";
    for (const ch of text) {
      const c = ch.charCodeAt(0) & 0x7f;
      out += String.fromCharCode(this.cfg.format === "7E1" && ones(c) % 2 ? c | 0x80 : c);
    }
    this.line.send(out);
  }

  private wait(ms: number, then: () => void): void {
    clearTimeout(this.waitTimer);
    this.timers.delete(this.waitTimer as NodeJS.Timeout);
    this.waitTimer = this.later(ms, then);
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.state !== "ended") fn();
    }, ms);
    this.timers.add(t);
    return t;
  }
}
