/** Every string a technician might paste from a trap or report, flattened for `q` matching. */
export function searchTextOf(parts: (string | null | undefined)[], raw: unknown): string {
  const out: string[] = parts.filter((p): p is string => !!p);
  collectStrings(raw, out, 0);
  return out.join(" \u0001 ").toLowerCase().slice(0, 8000);
}

function collectStrings(value: unknown, out: string[], depth: number): void {
  if (depth > 6 || value == null) return;
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}
