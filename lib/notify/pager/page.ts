import { z } from "zod";
import { parseDialString } from "../../connect/hayes/dial-string.ts";
import { PAGER_ID_PATTERN, tapText } from "./tap-block.ts";

/**
 * A page as the dispatcher hands it to a `task.pager-dial.modem` job. Deliberately loose: a
 * page with a bad pager ID or number must still reach the handler, which marks its
 * Notification FAILED with the reason (`checkPage`), instead of dying in payload parsing.
 */
export const ZPagerPage = z.object({
  kind: z.enum(["TAP", "NUMERIC"]),
  /** TAP: the paging service's modem number; numeric: the pager's number. Dial modifiers allowed (`9,555…`). */
  number: z.string().max(200),
  pagerId: z.string().max(200).optional(),
  /** TAP logon password (spec: 6 characters, optional). */
  password: z.string().max(200).optional(),
  /** TAP: the message; numeric: the digits to key in (callback number or alarm code). */
  text: z.string().max(20_000),
  /** Line rate the paging service wants (300/1200 for most TAP services); the modem is asked for it. */
  baud: z.number().int().positive().optional(),
  /** Left out: the terminal's own `ID=` tells whether it sends parity bits (TAP's 7E1) or not. */
  format: z.enum(["7E1", "8N1"]).optional(),
  /** The pager's display length: longer text is cut (HylaFAX's default is 128). */
  maxLength: z.number().int().positive().optional(),
});
export type TPagerPage = z.infer<typeof ZPagerPage>;

export type TCheckedPage =
  | { kind: "TAP"; number: string; pagerId: string; password?: string; message: string; format: "7E1" | "8N1" | "auto"; baud?: number }
  | { kind: "NUMERIC"; number: string; digits: string; dial: string };

/** `,` pauses between the pager number and the digits (S8 = 2 s each: the service answers and prompts). */
export const NUMERIC_PAUSES = 4;

function checkNumber(number: string): string | null {
  const n = number.trim();
  const parsed = parseDialString(n);
  if (!n || !parsed || parsed.stayInCommandMode || !/\d/.test(parsed.number))
    return `the number ${JSON.stringify(number)} is not a dial string (digits, with , W @ ! pauses allowed; at most 40 characters)`;
  return null;
}

/** Validates and normalises a page; a string is the reason it cannot be sent (no call will help). */
export function checkPage(page: TPagerPage): TCheckedPage | string {
  const number = page.number.trim();
  const badNumber = checkNumber(number);
  if (badNumber) return badNumber;
  if (page.kind === "NUMERIC") {
    const digits = page.text.replace(/[\s\-.()]/g, "");
    if (!/^[0-9*]{1,32}$/.test(digits))
      return `a numeric page carries digits only (0-9, * for a dash), at most 32; got ${JSON.stringify(page.text.slice(0, 40))}`;
    const dial = `T${number}${",".repeat(NUMERIC_PAUSES)}${digits}#;`;
    if (!parseDialString(dial)) return `the dial string ATD${dial} is longer than a modem takes (40 characters after ATD)`;
    return { kind: "NUMERIC", number, digits, dial };
  }
  const pagerId = (page.pagerId ?? "").trim();
  if (!PAGER_ID_PATTERN.test(pagerId))
    return `a TAP page needs a pager ID of 1-32 printable characters without spaces; got ${JSON.stringify(pagerId.slice(0, 40))}`;
  if (page.password !== undefined && page.password !== "" && !PAGER_ID_PATTERN.test(page.password))
    return "the TAP password must be printable characters without spaces (the spec says 6)";
  return {
    kind: "TAP",
    number,
    pagerId,
    password: page.password || undefined,
    message: tapText(page.text, page.maxLength),
    // Unless the contact says, the terminal's first bytes tell (send-page.ts).
    format: page.format ?? "auto",
    baud: page.baud,
  };
}
