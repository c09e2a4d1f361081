import { z } from "zod";

/**
 * SAT commands Klaxon sends on its own (command rules, configuration reports) or for a person
 * (Connect now): reading, testing and the maintenance actions a NOC uses. Administration
 * (add/change/remove/duplicate, save translation) and session control (logoff, newterm) are
 * refused: the session layer owns the session, and translations are changed by people on a SAT.
 */
export const SAT_VERBS = [
  "display",
  "list",
  "status",
  "test",
  "busyout",
  "release",
  "reset",
  "clear",
  "recycle",
  "refresh",
  "get",
] as const;

/** Why a command is refused, or null when it may be sent. */
export function satCommandProblem(command: string): string | null {
  const c = command.trim().replace(/\s+/g, " ");
  if (!c) return "a command is empty";
  if (c.length > 80) return `"${c.slice(0, 30)}…" is longer than 80 characters`;
  if (!/^[\x20-\x7e]+$/.test(c)) return `"${c}" holds characters a SAT does not take (printable ASCII, one line)`;
  const [verb = "", object] = c.toLowerCase().split(" ");
  if (!(SAT_VERBS as readonly string[]).includes(verb))
    return `"${c}" is not allowed: "${verb}" is not a command Klaxon sends (use ${SAT_VERBS.join(", ")})`;
  if (!object) return `"${c}" names no object (e.g. "${verb} alarms")`;
  return null;
}

export const ZSatCommand = z
  .string()
  .max(200)
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .superRefine((c, ctx) => {
    const problem = satCommandProblem(c);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The configuration report's commands when a schedule names none (issue 8). */
export const DEFAULT_REPORT_COMMANDS = [
  "display system-parameters customer-options",
  "list configuration all",
  "display system-parameters maintenance",
  "list station",
] as const;

/** A test's result cells that mean it did not pass (CM "Result" column). */
const NOT_PASSED = /^(fail|abort|no board|extra bd|conflict)$/i;

/** Whether an answer's table says a test did not pass: any cell reading FAIL, ABORT, NO BOARD … */
export function failedTestCells(rows: Record<string, string>[]): string[] {
  return rows.flatMap((r) => Object.values(r).filter((v) => NOT_PASSED.test(v.trim())));
}
