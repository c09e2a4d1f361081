/*
 * The SAT login dialogue (DOMAIN.md "SAT"), pure: text in, what to type and the outcome out.
 *   Login:  → user        Password: → password        Terminal Type (…): [513] → e.g. ossi4
 *   then the OSSI prompt, a line holding a single `t`.
 * Liberal in what it reads: prompts in any case, split across reads, behind banners, with CR,
 * LF or CRLF; an SSH login that lands straight on the terminal-type prompt, or one where the
 * system asks Login:/Password: again inside the shell.
 *
 * A prompt has no line end, so it is only acted on when the line has gone quiet (`quiet()`,
 * called by the shell after a short silence): "Last login: Tue …" cut right after its colon
 * must not be taken for a Login prompt. Whole phrases (login refused, no login port, the `t`
 * line) are acted on as soon as they arrive (`feed()`).
 */

export type TLoginStep = "login" | "password" | "terminal-type" | "prompt";

export type TLoginFailure = "LOGIN_REFUSED" | "BUSY" | "PROTOCOL";

export type TLoginEvent =
  | { type: "send"; text: string; secret: boolean; step: TLoginStep }
  | { type: "ready" }
  | { type: "failed"; code: TLoginFailure; reason: string };

export type TLoginCredentials = { user: string; password: string; terminalType: string };

const NO_PORT = /login resources unavailable|no (free )?login ports? available/i;
const REFUSED =
  /login incorrect|incorrect login|invalid (login|password|user)|login (failed|denied)|permission denied|access denied|authentication fail/i;
const LOGIN_PROMPT = /(log ?in(\s*name)?|user ?(name|id)?)\s*:$/i;
const PASSWORD_PROMPT = /pass ?word[^:\n]{0,20}:$/i;
const TERMINAL_PROMPT = /terminal\s*type[^\n]*[:\]?]$/i;
/** Craft logins may be asked whether to suppress alarm origination: alarms must keep flowing. */
const SUPPRESS_PROMPT = /suppress\s+alarm\s+origination[^\n]*[:\]?)]$/i;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>78]/g;
const KEEP = 4096;

/** Text as a person would read it: escape sequences, NULs and other control bytes gone, one kind of line end. */
export function readable(text: string): string {
  return text
    .replace(ANSI, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

export class LoginDialogue {
  step: TLoginStep = "login";
  private buffer = "";
  private sentUser = false;
  private sentPassword = false;
  private sentTerminal = false;
  private answeredSuppress = false;
  private readonly nudged = new Set<"cr" | "t">();
  private over = false;

  constructor(private readonly creds: TLoginCredentials) {}

  get done(): boolean {
    return this.over;
  }

  /** Everything the system sent; returns what must happen at once. */
  feed(text: string): TLoginEvent[] {
    if (this.over) return [];
    this.buffer = (this.buffer + readable(text)).slice(-KEEP);
    if (NO_PORT.test(this.buffer)) return this.fail("BUSY", "Login resources unavailable: the system has no free login port");
    if (this.sentUser && REFUSED.test(this.buffer)) return this.fail("LOGIN_REFUSED", `login refused for ${this.creds.user}`);
    if (this.sentTerminal && /(^|\n)[ \t]*t[ \t]*\n/i.test(this.buffer)) {
      this.over = true;
      return [{ type: "ready" }];
    }
    return [];
  }

  /** The line has been quiet for a moment: answer the prompt it ends with, if any. */
  quiet(): TLoginEvent[] {
    if (this.over) return [];
    const tail = this.buffer.trimEnd();
    const last = tail.slice(tail.lastIndexOf("\n") + 1).trim();
    if (this.sentTerminal && /^t$/i.test(last)) {
      this.over = true;
      return [{ type: "ready" }];
    }
    if (TERMINAL_PROMPT.test(last)) {
      if (this.sentTerminal)
        return this.fail("PROTOCOL", `the system asked for the terminal type again: ${this.creds.terminalType} refused`);
      this.sentTerminal = true;
      return this.send(this.creds.terminalType, false, "prompt");
    }
    if (SUPPRESS_PROMPT.test(last) && !this.answeredSuppress) {
      this.answeredSuppress = true;
      return this.send("n", false, this.step);
    }
    if (PASSWORD_PROMPT.test(last)) {
      if (this.sentPassword)
        return this.fail("LOGIN_REFUSED", `login refused for ${this.creds.user}: the system asked for the password again`);
      this.sentPassword = true;
      return this.send(this.creds.password, true, "terminal-type");
    }
    if (LOGIN_PROMPT.test(last)) {
      if (this.sentPassword || this.sentTerminal)
        return this.fail("LOGIN_REFUSED", `login refused for ${this.creds.user}: the system asked for the login again`);
      if (this.sentUser) return this.fail("LOGIN_REFUSED", `login refused for ${this.creds.user}: no password prompt`);
      this.sentUser = true;
      return this.send(this.creds.user, false, "password");
    }
    return [];
  }

  /**
   * The line has been silent for a while at this step. Before any prompt: a modem line or a
   * terminal server may want a CR to say Login (also behind a banner). After the terminal type: a system that does not show
   * its `t` prompt by itself answers a lone `t` with "Terminator received but no command
   * active" and `t`. Each at most once.
   */
  nudge(): TLoginEvent[] {
    if (this.over) return [];
    if (!this.sentUser && !this.sentTerminal && !this.nudged.has("cr")) {
      this.nudged.add("cr");
      return [{ type: "send", text: "", secret: false, step: this.step }];
    }
    if (this.sentTerminal && !this.nudged.has("t")) {
      this.nudged.add("t");
      return [{ type: "send", text: "t", secret: false, step: this.step }];
    }
    return [];
  }

  private send(text: string, secret: boolean, next: TLoginStep): TLoginEvent[] {
    this.step = next;
    this.buffer = "";
    return [{ type: "send", text, secret, step: next }];
  }

  private fail(code: TLoginFailure, reason: string): TLoginEvent[] {
    this.over = true;
    return [{ type: "failed", code, reason }];
  }
}
