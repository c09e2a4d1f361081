import type { TSatResult } from "../connect/sat/index.ts";
import { failedTestCells } from "./sat-commands.ts";

/** One command's answer as a run keeps it: the OSSI table, error lines and messages. */
export type TCommandAnswer = {
  command: string;
  ok: boolean;
  fields: string[];
  rows: Record<string, string>[];
  errors: { codes: string[]; fieldId: string | null; message: string }[];
  messages: string[];
  ms: number;
};

export function answerOf(r: TSatResult): TCommandAnswer {
  return {
    command: r.command,
    ok: r.ok,
    fields: r.fields,
    rows: r.rows,
    errors: r.errors.map(({ codes, fieldId, message }) => ({ codes, fieldId, message })),
    messages: r.messages,
    ms: r.ms,
  };
}

/** "OSSI error on 'list station': 1 00000000 list is an invalid command" for a failed answer. */
export function errorReason(a: TCommandAnswer): string {
  const e = a.errors[0];
  const text = e ? `${e.message}${e.codes.length ? ` (error ${e.codes.join(" ")})` : ""}` : "no answer";
  return `the system refused '${a.command}': ${text}`;
}

/** A step passes when the system took the command (no `e` line) and no test in its answer failed. */
export function stepVerdict(a: TCommandAnswer): { passed: boolean; summary: string } {
  if (!a.ok) return { passed: false, summary: errorReason(a) };
  const bad = failedTestCells(a.rows);
  if (bad.length) return { passed: false, summary: `${bad.length} of ${a.rows.length} results ${[...new Set(bad)].join("/")}` };
  return { passed: true, summary: a.rows.length ? `PASS (${a.rows.length} result${a.rows.length === 1 ? "" : "s"})` : "PASS" };
}
