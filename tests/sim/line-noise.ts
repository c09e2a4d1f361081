import { encodeRecord, type TInadsRecord } from "../../lib/alarms/inads/index.ts";

/** Deterministic PRNG (mulberry32) so a failing fuzz run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EOT = String.fromCharCode(4);
const MODEM_CHATTER = ["RING", "OK", "CONNECT 2400", "ERROR", "BUSY", "+++", "ATH", "AT&F", "NO DIALTONE", "2", "7"];

/**
 * One garbled line as a noisy line or a confused modem would produce it: random text, random
 * bytes, valid INADS frames with a byte flipped or cut short, wrong versions, modem chatter.
 * Never an intact frame, never a bare EOT line (the end-of-call marker) and never the text
 * "NO CARRIER" (on a line without DCD that is how the port learns the call ended).
 */
export function garbledLine(rand: () => number, sample: TInadsRecord): string {
  const pick = Math.floor(rand() * 6);
  const randomText = (n: number, lo: number, hi: number) =>
    Array.from({ length: n }, () => String.fromCharCode(lo + Math.floor(rand() * (hi - lo)))).join("");
  let line: string;
  switch (pick) {
    case 0:
      line = randomText(1 + Math.floor(rand() * 80), 0x20, 0x7f);
      break;
    case 1:
      line = randomText(1 + Math.floor(rand() * 60), 0x00, 0x100).replaceAll(EOT, "?");
      break;
    case 2: {
      const frame = encodeRecord({ ...sample, seq: Math.floor(rand() * 100) });
      const i = 1 + Math.floor(rand() * (frame.length - 3));
      const flipped = String.fromCharCode((frame.charCodeAt(i) ^ (1 + Math.floor(rand() * 126))) & 0x7f)
        .replace(/[\r\n]/, "#")
        .replace(EOT, "#");
      line = frame.slice(0, i) + flipped + frame.slice(i + 1, -1);
      break;
    }
    case 3: {
      const frame = encodeRecord(sample);
      line = frame.slice(0, 1 + Math.floor(rand() * (frame.length - 2)));
      break;
    }
    case 4:
      line = encodeRecord(sample)
        .replace(/^\x02I\d\|/, "\x02I7|")
        .slice(0, -1);
      break;
    default:
      line = MODEM_CHATTER[Math.floor(rand() * MODEM_CHATTER.length)] ?? "OK";
  }
  return `${line.replace(/NO CARRIER/g, "NO KARRIER")}\r\n`;
}
