/** Caller ID as a modem reports it between the first and second RING (`AT+VCID=1`). */
export type TCallerId = {
  /** Digits of the calling number; null when withheld (`P`) or unavailable (`O`). */
  number: string | null;
  /** What the modem printed for NMBR, kept for the record (`O`, `P`, or the number). */
  numberText: string | null;
  date: string | null;
  time: string | null;
  name: string | null;
};

const FIELDS = ["DATE", "TIME", "NMBR", "NAME", "MESG", "DDN_NMBR"] as const;
export type TCallerIdField = (typeof FIELDS)[number];

/**
 * One formatted caller-ID line: `NMBR = 5551234` (Rockwell/Conexant style, spaces around `=`)
 * or `NMBR=5551234` (V.253). Anything else is null.
 */
export function parseCallerIdLine(line: string): { field: TCallerIdField; value: string } | null {
  const m = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/i.exec(line);
  const field = FIELDS.find((f) => f === m?.[1]?.toUpperCase());
  return m && field ? { field, value: m[2] ?? "" } : null;
}

export const emptyCallerId = (): TCallerId => ({ number: null, numberText: null, date: null, time: null, name: null });

/** Folds one line into a caller ID; returns false when the line is not caller ID. */
export function applyCallerIdLine(id: TCallerId, line: string): boolean {
  const p = parseCallerIdLine(line);
  if (!p) return false;
  if (p.field === "DATE") id.date = p.value;
  else if (p.field === "TIME") id.time = p.value;
  else if (p.field === "NAME") id.name = p.value;
  else if (p.field === "NMBR" || p.field === "DDN_NMBR") {
    id.numberText = p.value;
    const digits = digitsOf(p.value);
    id.number = digits.length > 0 ? digits : null;
  }
  return true;
}

export const digitsOf = (s: string) => s.replace(/\D/g, "");

/**
 * Whether a calling number is the administered number of a system. Caller ID usually gives 10
 * digits while a dial number may carry an outside-line prefix (`9,`) or a country code, or be
 * written with punctuation: compare digits, letting the longer end with the shorter when the
 * shorter still has 7 digits (a subscriber number).
 */
export function phoneNumbersMatch(calling: string, dialNumber: string): boolean {
  const a = digitsOf(calling);
  const b = digitsOf(dialNumber);
  if (!a || !b) return false;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 7 && long.endsWith(short);
}
