import { CR, ETB, ETX, MAX_BLOCK_DATA, STX, US } from "./tap-spec.ts";

/**
 * TAP checksum (spec section 5): the sum of the 7-bit values of every character of the block
 * up to and including its terminator (STX … ETX/ETB/US), low 12 bits, as three characters
 * 0x30 + nibble, most significant first. `<STX>123<CR>ABC<CR><ETX>` → 379 = 0x17B → `17;`.
 */
export function tapChecksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i) & 0x7f;
  sum &= 0xfff;
  return [sum >> 8, (sum >> 4) & 0xf, sum & 0xf].map((n) => String.fromCharCode(0x30 + n)).join("");
}

/**
 * Message text as a pager can take it: 7-bit printable ASCII. Accents are folded (é → e), line
 * breaks and tabs become spaces, other control characters are dropped (older terminals have no
 * TAP 1.6 transparency, and alarm text needs none), anything else non-ASCII becomes `?`.
 * Trailing spaces go (the spec asks for it: air time). `maxLength` cuts what is left.
 */
export function tapText(text: string, maxLength?: number): string {
  const folded = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\r\n|[\r\n\t]/g, " ")
    .replace(/[\x00-\x1f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?")
    .trimEnd();
  return maxLength !== undefined && folded.length > maxLength ? folded.slice(0, maxLength).trimEnd() : folded;
}

/** A pager ID (field 1): printable ASCII without spaces; the spec sets no length, we allow 32. */
export const PAGER_ID_PATTERN = /^[\x21-\x7e]{1,32}$/;

/**
 * One transaction (field 1 pager ID, field 2 message) as TAP blocks of at most `maxData`
 * characters between STX and the terminator. A block that ends at a field boundary ends with
 * ETB when the transaction goes on, one that cuts a field ends with US (the field goes on in
 * the next block, with no CR at the cut), the last with ETX.
 */
export function tapBlocks(pagerId: string, message: string, maxData = MAX_BLOCK_DATA): string[] {
  if (maxData < 2) throw new Error("a TAP block needs room for at least 2 characters");
  const data = `${pagerId}${CR}${message}${CR}`;
  const blocks: string[] = [];
  for (let at = 0; at < data.length; at += maxData) {
    const chunk = data.slice(at, at + maxData);
    const last = at + maxData >= data.length;
    const end = last ? ETX : chunk.endsWith(CR) ? ETB : US;
    const body = `${STX}${chunk}${end}`;
    blocks.push(`${body}${tapChecksum(body)}${CR}`);
  }
  return blocks;
}
