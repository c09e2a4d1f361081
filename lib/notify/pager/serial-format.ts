/**
 * Paging services speak 7 data bits, even parity, 1 stop bit (TAP section 2.0); Klaxon's modem
 * ports run 8N1. Both are 10-bit frames, so a modem passes 7E1 characters through an 8N1 port
 * unchanged if the computer puts the parity in bit 7 itself: set it on every byte sent, strip
 * it from every byte received. AT commands stay plain 8N1 (the modem talks to the port).
 * Bit 7 is stripped in 8N1 mode too: a terminal that sends parity anyway still reads right.
 */
export type TSerialFormat = "7E1" | "8N1";

const evenParityBit = (code: number) => {
  let ones = 0;
  for (let c = code & 0x7f; c; c >>= 1) ones += c & 1;
  return (ones & 1) << 7;
};

/**
 * What a terminal's own bytes say it speaks: a byte with bit 7 set is a parity bit (7E1); a
 * printable character that would carry one under 7E1 but arrives without it is 8N1 (`ID=`
 * decides at once: I and = have an odd count of ones). Null while its bytes do not tell.
 */
export function formatOf(bytes: string): TSerialFormat | null {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if (b > 0x7f) return "7E1";
    if (b >= 0x20 && b < 0x7f && evenParityBit(b)) return "8N1";
  }
  return null;
}

export function encodeFor(format: TSerialFormat, text: string): string {
  if (format === "8N1") return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) & 0x7f;
    out += String.fromCharCode(c | evenParityBit(c));
  }
  return out;
}

export function decodeFrom(bytes: string): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes.charCodeAt(i) & 0x7f);
  return out;
}
