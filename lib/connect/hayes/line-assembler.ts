/**
 * Turns the byte stream from a modem in command mode into lines. CR, LF and CRLF all end a
 * line; control characters and bytes above 0x7e (line noise, parity garbage) are dropped, and
 * a line longer than `maxLength` is thrown away as noise rather than grown without bound.
 */
export class LineAssembler {
  private current = "";
  private overflow = false;
  noise = 0;

  constructor(private readonly maxLength = 256) {}

  feed(input: Uint8Array | string): string[] {
    const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
    const lines: string[] = [];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      if (c === 0x0d || c === 0x0a) {
        if (this.current && !this.overflow) lines.push(this.current);
        this.current = "";
        this.overflow = false;
      } else if (c < 0x20 || c > 0x7e) this.noise += 1;
      else if (this.current.length >= this.maxLength) {
        this.overflow = true;
        this.noise += 1;
      } else this.current += ch;
    }
    return lines;
  }

  /** What arrived after the last line end (e.g. a prompt without CR). */
  get partial(): string {
    return this.current;
  }

  reset(): void {
    this.current = "";
    this.overflow = false;
  }
}
