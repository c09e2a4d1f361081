/** V.250 result codes Klaxon understands, with their numeric forms (ATV0). */
export const RESULT_CODES = {
  OK: 0,
  CONNECT: 1,
  RING: 2,
  "NO CARRIER": 3,
  ERROR: 4,
  "NO DIALTONE": 6,
  BUSY: 7,
  "NO ANSWER": 8,
} as const;
export type TResultCode = keyof typeof RESULT_CODES;

/** Common numeric codes for `CONNECT <rate>` (Hayes/USR tables agree on these). */
const NUMERIC_CONNECT_RATES: Record<number, number> = {
  5: 1200,
  10: 2400,
  11: 4800,
  12: 9600,
  13: 7200,
  14: 12000,
  15: 14400,
  16: 19200,
  17: 38400,
  18: 57600,
  19: 115200,
};
const RATE_TO_NUMERIC = Object.fromEntries(Object.entries(NUMERIC_CONNECT_RATES).map(([k, v]) => [v, Number(k)]));

export type TResult = { code: TResultCode; rate?: number; text: string };

const BY_NUMBER = new Map<number, TResultCode>(Object.entries(RESULT_CODES).map(([k, v]) => [v, k as TResultCode]));

/** Reads one line from a modem as a result code; anything else (echo, info, noise) is null. */
export function parseResult(line: string): TResult | null {
  const text = line.trim().toUpperCase();
  if (!text) return null;
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    const rate = NUMERIC_CONNECT_RATES[n];
    if (rate) return { code: "CONNECT", rate, text };
    const code = BY_NUMBER.get(n);
    return code ? { code, text } : null;
  }
  const connect = /^CONNECT(?:\s+(\d+))?(?:\/.*)?$/.exec(text);
  if (connect) return connect[1] ? { code: "CONNECT", rate: Number(connect[1]), text } : { code: "CONNECT", text };
  if (text in RESULT_CODES) return { code: text as TResultCode, text };
  return null;
}

/** The line a modem prints for a result, verbose (`\r\nNO CARRIER\r\n`) or numeric (`3\r`). */
export function formatResult(code: TResultCode, opts: { verbose: boolean; rate?: number }): string {
  if (opts.verbose) return `\r\n${code}${code === "CONNECT" && opts.rate ? ` ${opts.rate}` : ""}\r\n`;
  const n = code === "CONNECT" && opts.rate && RATE_TO_NUMERIC[opts.rate] ? RATE_TO_NUMERIC[opts.rate] : RESULT_CODES[code];
  return `${n}\r`;
}

/** Codes that end a command (RING is unsolicited). */
export const isFinal = (code: TResultCode) => code !== "RING";
