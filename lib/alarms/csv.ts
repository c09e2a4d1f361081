const COLUMNS = [
  "id",
  "status",
  "severity",
  "source",
  "productId",
  "systemName",
  "customerName",
  "maintObject",
  "port",
  "altName",
  "alarmType",
  "alarmNumber",
  "count",
  "firstSeenAt",
  "lastSeenAt",
  "description",
] as const;

/** One CSV cell (RFC 4180 quoting); text that a spreadsheet would run as a formula stays text. */
export function csvCell(v: unknown): string {
  if (v == null) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  // A leading = + - @ would be a formula in a spreadsheet: prefix it so it stays text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${COLUMNS.join(",")}\n`;
}

export function csvRows(rows: Record<string, unknown>[]): string {
  return rows.map((r) => `${COLUMNS.map((c) => csvCell(r[c])).join(",")}\n`).join("");
}
