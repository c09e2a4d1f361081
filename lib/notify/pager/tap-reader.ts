/** What a paging terminal said, one piece at a time. */
export type TTapToken =
  /** A line of text: a numbered reply (`211 Page accepted`) or free text. */
  | { type: "text"; line: string }
  | { type: "id" }
  | { type: "ack" }
  | { type: "nak" }
  | { type: "rs" }
  /** `<ESC><EOT>`: the terminal is hanging up. */
  | { type: "disconnect" }
  /** `<ESC>[p`: message go-ahead. */
  | { type: "go-ahead" };

const MAX_LINE = 512;
const CONTROL_TOKENS: Record<number, TTapToken> = { 6: { type: "ack" }, 21: { type: "nak" }, 30: { type: "rs" } };

/**
 * Turns a paging terminal's output into tokens, liberally (spec section 4.0 lists what
 * terminals in the field do): CR, LF, CRLF and LFCR all end a line; a control code may come
 * with or without the CR around it, and with text before it on the same line; `ID=` may be
 * preceded by text, followed by an end of line or not, and spelled in any case; pieces may be
 * split anywhere across reads. Other control characters are line noise and dropped. Pure.
 */
export class TapReader {
  private line = "";
  private esc: "none" | "esc" | "bracket" = "none";

  feed(text: string): TTapToken[] {
    const out: TTapToken[] = [];
    for (const ch of text) this.char(ch, out);
    return out;
  }

  private char(ch: string, out: TTapToken[]): void {
    const code = ch.charCodeAt(0) & 0x7f;
    if (this.esc === "esc") {
      this.esc = "none";
      if (code === 0x04) {
        this.token({ type: "disconnect" }, out);
        return;
      }
      if (ch === "[") {
        this.esc = "bracket";
        return;
      }
    } else if (this.esc === "bracket") {
      this.esc = "none";
      if (ch === "p" || ch === "P") {
        this.token({ type: "go-ahead" }, out);
        return;
      }
    }
    const control = CONTROL_TOKENS[code];
    if (control) {
      this.token(control, out);
      return;
    }
    if (code === 0x1b) {
      this.esc = "esc";
      return;
    }
    if (code === 0x0d || code === 0x0a) {
      this.flush(out);
      return;
    }
    if (code < 0x20 || code === 0x7f) return;
    this.line += String.fromCharCode(code);
    const id = /id\s*=$/i.exec(this.line);
    if (id) {
      this.line = this.line.slice(0, id.index);
      this.token({ type: "id" }, out);
    } else if (this.line.length >= MAX_LINE) this.flush(out);
  }

  private token(t: TTapToken, out: TTapToken[]): void {
    this.flush(out);
    out.push(t);
  }

  private flush(out: TTapToken[]): void {
    const line = this.line.trim();
    this.line = "";
    if (line) out.push({ type: "text", line });
  }
}

/** A numbered reply (TAP 1.6+, appendix A): `211 Page(s) sent successfully` → 211. */
export function replyCode(line: string): number | null {
  const m = /^(\d{3})(?:\s|$)/.exec(line);
  return m ? Number(m[1]) : null;
}
