import { csvCell } from "../alarms/index.ts";
import type { TCommandAnswer } from "./answers.ts";

/** One command's part of a configuration report, as stored (parsed). */
export type TReportSection = Pick<TCommandAnswer, "command" | "ok" | "fields" | "rows" | "errors" | "messages">;

export type TFieldChange =
  | { command: string; change: "changed"; row: string; field: string; before: string; after: string }
  | { command: string; change: "added" | "removed"; row: string; values: Record<string, string> }
  | { command: string; change: "command-added" | "command-removed" }
  | { command: string; change: "text"; before: string; after: string };

export type TReportDiff = { previousId: number | null; changes: TFieldChange[] };

const norm = (c: string) => c.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Rows are matched by their first field (a port, an extension, a board location) when that is
 * unique in both reports; otherwise by position. "#3" names a row by position.
 */
function rowKeys(rows: Record<string, string>[], field: string | undefined): string[] {
  const keys = rows.map((r) => (field ? (r[field] ?? "") : ""));
  const unique = field !== undefined && keys.every((k) => k !== "") && new Set(keys).size === keys.length;
  return unique ? keys : rows.map((_, i) => `#${i + 1}`);
}

function diffTable(command: string, before: TReportSection, after: TReportSection): TFieldChange[] {
  const first = after.fields[0] ?? before.fields[0];
  let bk = rowKeys(before.rows, first);
  let ak = rowKeys(after.rows, first);
  if (bk[0]?.startsWith("#") !== ak[0]?.startsWith("#")) {
    bk = before.rows.map((_, i) => `#${i + 1}`);
    ak = after.rows.map((_, i) => `#${i + 1}`);
  }
  const old = new Map(bk.map((k, i) => [k, before.rows[i] ?? {}]));
  const now = new Map(ak.map((k, i) => [k, after.rows[i] ?? {}]));
  const out: TFieldChange[] = [];
  for (const [row, values] of now) {
    const was = old.get(row);
    if (!was) {
      out.push({ command, change: "added", row, values });
      continue;
    }
    for (const field of new Set([...Object.keys(was), ...Object.keys(values)])) {
      const b = was[field] ?? "";
      const a = values[field] ?? "";
      if (a !== b) out.push({ command, change: "changed", row, field, before: b, after: a });
    }
  }
  for (const [row, values] of old) if (!now.has(row)) out.push({ command, change: "removed", row, values });
  return out;
}

const textOf = (s: TReportSection) => [...s.messages, ...s.errors.map((e) => `error: ${e.message}`)].join("\n");

/**
 * Field-level difference between two reports, command by command: for OSSI tables each changed
 * field of each row (matched by its first field), added and removed rows; for answers without a
 * table, the text. No previous report: no changes (a first report is not a change).
 */
export function diffReports(previous: { id: number; sections: TReportSection[] } | null, sections: TReportSection[]): TReportDiff {
  if (!previous) return { previousId: null, changes: [] };
  const before = new Map(previous.sections.map((s) => [norm(s.command), s]));
  const changes: TFieldChange[] = [];
  for (const s of sections) {
    const b = before.get(norm(s.command));
    before.delete(norm(s.command));
    if (!b) {
      changes.push({ command: s.command, change: "command-added" });
      continue;
    }
    if (s.fields.length || b.fields.length) changes.push(...diffTable(s.command, b, s));
    else if (textOf(b) !== textOf(s)) changes.push({ command: s.command, change: "text", before: textOf(b), after: textOf(s) });
  }
  for (const b of before.values()) changes.push({ command: b.command, change: "command-removed" });
  return { previousId: previous.id, changes };
}

/** A configuration report as CSV: one line per cell (command, row, field, value). */
export function reportCsv(sections: TReportSection[]): string {
  const q = csvCell;
  const lines = ["command,row,field,value"];
  for (const s of sections) {
    s.rows.forEach((r, i) => {
      for (const f of s.fields) lines.push([s.command, String(i + 1), f, r[f] ?? ""].map(q).join(","));
    });
    for (const e of s.errors) lines.push([s.command, "", "error", e.message].map(q).join(","));
    for (const m of s.messages) lines.push([s.command, "", "message", m].map(q).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
