export type TDialString = {
  /** Every digit, as a data call routes them (`9,5551234` dials 95551234). */
  number: string;
  /** Digits before the first pause or `@`: the number of a voice call (numeric pager). */
  beforePause: string;
  pulse: boolean;
  /** `,` pauses (S8 seconds each). */
  pauses: number;
  /** `W`: wait for a second dial tone; `@`: wait for quiet answer; `!`: hook flash. */
  waits: number;
  quietAnswer: boolean;
  flashes: number;
  /** `;`: return to command mode after dialling (numeric pager, voice). */
  stayInCommandMode: boolean;
  /** Digits after the first pause: sent as tones once the far end answered (pager codes). */
  afterPause: string;
};

/** Parses the part after ATD (V.250 dial modifiers); null when it is not a valid dial string. */
export function parseDialString(input: string): TDialString | null {
  let s = input.trim();
  if (s.length === 0 || s.length > 40) return null;
  let pulse = false;
  if (/^[TP]/i.test(s)) {
    pulse = s[0]?.toUpperCase() === "P";
    s = s.slice(1);
  }
  const out: TDialString = {
    number: "",
    beforePause: "",
    pulse,
    pauses: 0,
    waits: 0,
    quietAnswer: false,
    flashes: 0,
    stayInCommandMode: false,
    afterPause: "",
  };
  for (const [i, ch] of [...s].entries()) {
    if (/[0-9*#A-D]/i.test(ch)) {
      out.number += ch;
      if (out.pauses > 0 || out.quietAnswer) out.afterPause += ch;
      else out.beforePause += ch;
    } else if (ch === ",") out.pauses += 1;
    else if (ch.toUpperCase() === "W") out.waits += 1;
    else if (ch === "@") out.quietAnswer = true;
    else if (ch === "!") out.flashes += 1;
    else if (ch === ";") {
      if (i !== s.length - 1) return null;
      out.stayInCommandMode = true;
    } else if (ch === " " || ch === "-" || ch === "(" || ch === ")" || ch.toUpperCase() === "T" || ch.toUpperCase() === "P") continue;
    else return null;
  }
  return out.number ? out : null;
}
