import { readable } from "./login-dialogue.ts";

export const REDACTED = "********";
/** Shorter secrets are not searched for in what the system sends: they would blank ordinary text. */
const MIN_SEARCHED = 3;
const MAX_KEPT = 2_000_000;

/**
 * Everything said in one session, as a person would read it: what the system sent as it came,
 * what we typed as `> line`, and notes as `# note`. Secrets are never written: what we type
 * as a secret is shown as ********, and any secret the system sends back (an echo) is cut out
 * of its text, even when the echo arrives split over several reads (the last few characters
 * are held back until the next read or the end).
 */
export class Transcript {
  private text = "";
  private held = "";
  private readonly secrets: string[];
  private readonly hold: number;

  constructor(
    secrets: (string | null | undefined)[],
    private readonly onChunk?: (chunk: string) => void,
  ) {
    this.secrets = [...new Set(secrets.filter((s): s is string => !!s && s.length >= MIN_SEARCHED))].sort((a, b) => b.length - a.length);
    this.hold = Math.max(0, ...this.secrets.map((s) => s.length - 1));
  }

  received(raw: string): void {
    const text = this.held + readable(raw);
    const safe = this.redact(text);
    // A secret cut in two by the read boundary only shows whole once the rest arrives.
    const cut = Math.max(0, safe.length - this.hold);
    this.held = safe.slice(cut);
    this.emit(safe.slice(0, cut));
  }

  sent(line: string, secret = false): void {
    this.flush();
    this.emit(`${this.text.endsWith("\n") || this.text === "" ? "" : "\n"}> ${secret ? REDACTED : this.redact(line)}\n`);
  }

  note(line: string): void {
    this.flush();
    this.emit(`${this.text.endsWith("\n") || this.text === "" ? "" : "\n"}# ${this.redact(line)}\n`);
  }

  /** Everything so far, secrets removed. */
  toString(): string {
    this.flush();
    return this.text;
  }

  /** Removes every secret from any text (errors, reasons) before it leaves the session. */
  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out;
  }

  private flush(): void {
    if (!this.held) return;
    const rest = this.held;
    this.held = "";
    this.emit(this.redact(rest));
  }

  private emit(chunk: string): void {
    if (!chunk) return;
    if (this.text.length < MAX_KEPT) this.text += chunk;
    this.onChunk?.(chunk);
  }
}
