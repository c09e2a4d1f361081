import { z } from "zod";

/*
 * OSSI, the SAT's machine interface (DOMAIN.md "SAT"), pure.
 * Out: `c <command>`, optionally `f<fid>\t<fid>…` (fields wanted) and `d<value>\t…` (values to
 * set; a single space clears a field), then `t`.
 * In:  `f` lines (field IDs, tab-separated, possibly over several lines), `d` lines (values in
 * field order, likewise), `n` between the objects of a list, `e` lines (codes, then the
 * message), and `t` at the end. Anything else (banners, "Proceed With Logoff", a stray prompt)
 * is kept as a message line. A system that echoes our input is recognised by its echo of our
 * `c` line, which is then skipped up to its echoed `t`.
 */

export const ZOssiRequest = z.object({
  command: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\t\r\n\x00-\x1f]+$/, "one line, no control characters"),
  fields: z
    .array(z.string().regex(/^[0-9a-f]{8}$/i, "field IDs are 8 hex digits"))
    .max(200)
    .optional(),
  data: z
    .array(
      z
        .string()
        .max(200)
        .regex(/^[^\t\r\n]*$/, "no tabs or line breaks"),
    )
    .max(200)
    .optional(),
});
export type TOssiRequest = z.input<typeof ZOssiRequest>;

export type TOssiError = { codes: string[]; fieldId: string | null; message: string; line: string };

export type TOssiResponse = {
  /** Field IDs in answer order. */
  fields: string[];
  /** One object per list entry: field ID → value (a field with no value is ""). */
  rows: Record<string, string>[];
  errors: TOssiError[];
  /** Lines that were not OSSI framing (system messages). */
  messages: string[];
  /** Every line of the answer as received, in order. */
  lines: string[];
};

/** The lines to send for one request, without line ends. */
export function encodeOssiRequest(request: TOssiRequest): string[] {
  const r = ZOssiRequest.parse(request);
  const lines = [`c ${r.command}`];
  if (r.fields?.length) lines.push(`f${r.fields.join("\t")}`);
  if (r.data?.length) lines.push(`d${r.data.map((v) => (v === "" ? " " : v)).join("\t")}`);
  lines.push("t");
  return lines;
}

/** `e` line: up to two leading codes (tokens holding a digit), the rest is the message. */
export function parseErrorLine(line: string): TOssiError {
  const tokens = line.slice(1).trim().split(/\s+/);
  const codes: string[] = [];
  while (codes.length < 2 && tokens.length > 1 && /^(?=.*\d)[0-9a-f]+$/i.test(tokens[0] ?? "")) codes.push(tokens.shift() as string);
  const fieldId = codes.find((c) => /^[0-9a-f]{8}$/i.test(c)) ?? null;
  return { codes, fieldId, message: tokens.join(" "), line };
}

const sameLine = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Reads one answer; `feed` returns it once its `t` arrived (and null until then). */
export class OssiResponseParser {
  private partial = "";
  private readonly response: TOssiResponse = { fields: [], rows: [], errors: [], messages: [], lines: [] };
  private values: string[] | null = null;
  /** Field IDs the current object's values are in (a system may send a new `f` header per object). */
  private header: string[] = [];
  private dataSinceHeader = false;
  /** How many of our own lines have been seen echoed back. */
  private echoed = 0;
  private seenAny = false;
  private done = false;

  constructor(private readonly sent: string[] = []) {}

  feed(text: string): TOssiResponse | null {
    if (this.done) return null;
    const all = this.partial + text.replace(/\x00/g, "");
    const parts = all.split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? "";
    for (const raw of parts) {
      if (this.line(raw)) {
        this.done = true;
        return this.response;
      }
    }
    return null;
  }

  /** Returns true at the closing `t`. */
  private line(raw: string): boolean {
    const line = raw.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === "\t" ? c : ""));
    if (!line.trim()) return false;
    if (this.skipEcho(line)) return false;
    this.response.lines.push(line);
    const kind = line[0]?.toLowerCase();
    if (kind === "t" && line.trim().length === 1) {
      this.endObject();
      return true;
    }
    const body = line.slice(1);
    if (kind === "f" && /^f[0-9a-f]{8}(\t|$)/i.test(line)) this.headerLine(body.split("\t").map((s) => s.trim()));
    else if (kind === "d" && (this.header.length > 0 || this.values !== null)) {
      this.dataSinceHeader = true;
      this.values = [...(this.values ?? []), ...body.split("\t")];
    } else if (kind === "n" && line.trim().length === 1) {
      this.dataSinceHeader = true;
      this.endObject();
    }
    // Any lower-case `e` line is an error answer, whether or not it starts with the two codes.
    else if (line[0] === "e") this.response.errors.push(parseErrorLine(line));
    else this.response.messages.push(line.trim());
    return false;
  }

  private skipEcho(line: string): boolean {
    const next = this.sent[this.echoed];
    const first = !this.seenAny;
    this.seenAny = true;
    if (next === undefined || (!first && this.echoed === 0)) return false;
    if (!sameLine(line, next)) return false;
    this.echoed++;
    return true;
  }

  /** `f` lines before any data add to the header; one after data starts the next object's own header. */
  private headerLine(ids: string[]): void {
    if (this.dataSinceHeader) {
      this.endObject();
      this.header = [];
      this.dataSinceHeader = false;
    }
    this.header.push(...ids);
    for (const id of ids) if (!this.response.fields.includes(id)) this.response.fields.push(id);
  }

  private endObject(): void {
    if (this.values === null) return;
    const row: Record<string, string> = {};
    this.header.forEach((fid, i) => {
      row[fid] = (this.values?.[i] ?? "").trim();
    });
    this.response.rows.push(row);
    this.values = null;
  }
}
