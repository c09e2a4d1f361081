/*
 * TAP 1.8 (Telocator Alphanumeric Protocol) as the specification names it: control characters,
 * the default timing and retry parameters (section 7.0), and block limits. One place, so that a
 * site with a terminal that bends the rules changes data, not code.
 */

export const STX = "\x02";
export const ETX = "\x03";
export const EOT = "\x04";
export const ACK = "\x06";
export const CR = "\r";
export const LF = "\n";
export const NAK = "\x15";
export const ETB = "\x17";
export const SUB = "\x1a";
export const ESC = "\x1b";
export const RS = "\x1e";
export const US = "\x1f";

/** `<ESC>PG1`: automatic entry (ESC), service "PG" (paging, 2 fields), category 1. */
export const LOGIN_SERVICE = "PG1";

/**
 * Timing (seconds in the spec, ms here) and retry parameters, spec defaults (rev. 1.0 values):
 * t1 between CR probes; t2 terminal answers a CR with ID=; t3 terminal answers a logon, block or
 * EOT; t4 entry device sends its next transaction; t5 terminal waits for a reply to ID=.
 * n1 logon attempts, n2 block resends, n3 ID= repeats by the terminal. t2, t4, t5 and n3 bind the
 * terminal; the client keeps them so one profile describes a paging service.
 */
export type TTapTimings = {
  t1Ms: number;
  t2Ms: number;
  t3Ms: number;
  t4Ms: number;
  t5Ms: number;
  n1: number;
  n2: number;
  n3: number;
  /** How long to keep probing with CR for `ID=` (HylaFAX waits 20 s; the spec's n1 × t1 is 6 s). */
  idTimeoutMs: number;
};

export const TAP_DEFAULTS: TTapTimings = {
  t1Ms: 2000,
  t2Ms: 1000,
  t3Ms: 10_000,
  t4Ms: 4000,
  t5Ms: 8000,
  n1: 3,
  n2: 3,
  n3: 3,
  idTimeoutMs: 20_000,
};

/** A block is at most 256 characters: 250 of data + STX + terminator + 3 checksum + CR. */
export const MAX_BLOCK_DATA = 250;

const NAMES: Record<number, string> = {
  2: "STX",
  3: "ETX",
  4: "EOT",
  6: "ACK",
  10: "LF",
  13: "CR",
  21: "NAK",
  23: "ETB",
  26: "SUB",
  27: "ESC",
  30: "RS",
  31: "US",
};

/** Bytes as a person reads them in a transcript: `<STX>123<CR>ABC<CR><ETX>17;<CR>`. */
export function printable(bytes: string): string {
  return bytes.replace(/[\x00-\x1f\x7f-\uffff]/g, (c) => {
    const code = c.charCodeAt(0);
    return `<${NAMES[code] ?? code.toString(16).padStart(2, "0")}>`;
  });
}
