import type { TReportData } from "./report-data.ts";
import { SEVERITIES } from "./report-data.ts";

const COLOR: Record<string, string> = { CRITICAL: "#b71c1c", MAJOR: "#e65100", MINOR: "#f9a825", WARNING: "#1565c0", INFO: "#607d8b" };

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function formatDuration(seconds: number | null): string {
  if (seconds == null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/*
 * The chart is a table of coloured cells, not SVG or an image: Gmail and Outlook drop inline SVG,
 * and many clients hide attached images until the reader allows them, while table cells with a
 * background colour and a width show everywhere, printing included.
 */
function barChart(data: TReportData): string {
  const byBucket = new Map<string, Record<string, number>>();
  for (const b of data.buckets) {
    const row = byBucket.get(b.bucket) ?? {};
    row[b.severity] = (row[b.severity] ?? 0) + b.count;
    byBucket.set(b.bucket, row);
  }
  if (!byBucket.size) return `<p style="color:#666">No alarms in this period.</p>`;
  const max = Math.max(...[...byBucket.values()].map((r) => Object.values(r).reduce((a, b) => a + b, 0)));
  const rows = [...byBucket.entries()].map(([bucket, r]) => {
    const total = Object.values(r).reduce((a, b) => a + b, 0);
    const cells = SEVERITIES.filter((s) => r[s])
      .map((s) => {
        const w = Math.max(1, Math.round(((r[s] ?? 0) / max) * 300));
        return `<td width="${w}" bgcolor="${COLOR[s]}" style="background:${COLOR[s]};height:14px;font-size:1px;line-height:1px" title="${s} ${r[s]}">&nbsp;</td>`;
      })
      .join("");
    return `<tr><td style="font:12px monospace;padding:1px 8px 1px 0;white-space:nowrap">${esc(bucket)}</td><td><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${cells}</tr></table></td><td style="font:12px sans-serif;padding-left:6px">${total}</td></tr>`;
  });
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0">${rows.join("")}</table>`;
}

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th align="left" style="padding:4px 10px;border-bottom:1px solid #ccc">${esc(h)}</th>`).join("");
  const body = rows.length
    ? rows
        .map((r) => `<tr>${r.map((c) => `<td style="padding:3px 10px;border-bottom:1px solid #eee">${esc(c)}</td>`).join("")}</tr>`)
        .join("")
    : `<tr><td colspan="${head.length}" style="padding:3px 10px;color:#666">none</td></tr>`;
  return `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;font:13px sans-serif"><tr>${th}</tr>${body}</table>`;
}

export type TReportText = { subject: string; html: string; text: string };

export function renderReport({
  name,
  periodLabel,
  filterText,
  data,
  csvRows,
}: {
  name: string;
  periodLabel: string;
  filterText: string;
  data: TReportData;
  csvRows: number;
}): TReportText {
  const subject = `Klaxon alarm report "${name}": ${periodLabel}, ${data.total} alarms`;
  const sev = SEVERITIES.map(
    (s) =>
      `<td style="padding:6px 12px;background:${COLOR[s]};color:#fff;font:bold 13px sans-serif" bgcolor="${COLOR[s]}">${s}<br><span style="font-size:20px">${data.bySeverity[s] ?? 0}</span></td>`,
  ).join("");
  const legend = SEVERITIES.map((s) => `<span style="color:${COLOR[s]}">■</span> ${s.toLowerCase()}`).join(" &nbsp; ");
  const truncated = csvRows < data.total ? ` (the first ${csvRows} of ${data.total})` : "";
  const html = `<!doctype html><html><body style="font:14px sans-serif;color:#222">
<h2 style="margin:0 0 4px">${esc(name)}</h2>
<p style="margin:0 0 12px;color:#555">Alarms first seen ${esc(periodLabel)} · ${esc(filterText)}</p>
<p><b>${data.total}</b> alarms: ${data.byStatus.ACTIVE ?? 0} active, ${data.byStatus.ACKNOWLEDGED ?? 0} acknowledged, ${data.byStatus.RESOLVED ?? 0} resolved.</p>
<table role="presentation" cellpadding="0" cellspacing="4"><tr>${sev}</tr></table>
<h3>Alarms over the period</h3>
${barChart(data)}
<p style="font:12px sans-serif;color:#555">${legend}</p>
<h3>Response</h3>
${table(
  ["", "mean", "over"],
  [
    ["time to acknowledge", formatDuration(data.mtta.seconds), `${data.mtta.alarms} acknowledged alarms`],
    ["time to resolve", formatDuration(data.mttr.seconds), `${data.mttr.alarms} resolved alarms`],
  ],
)}
<h3>By system</h3>
${table(
  ["system", "alarms"],
  data.bySystem.map((s) => [s.name, s.count]),
)}
<h3>Most frequent maintenance objects</h3>
${table(
  ["maintenance object", "alarms", "reports"],
  data.topMaintObjects.map((m) => [m.maintObject, m.alarms, m.reports]),
)}
<p style="color:#555">The period's alarms are attached as CSV${esc(truncated)}.</p>
</body></html>`;
  const text = [
    `${name}: alarms first seen ${periodLabel} (${filterText})`,
    `${data.total} alarms — ${SEVERITIES.map((s) => `${s} ${data.bySeverity[s] ?? 0}`).join(", ")}`,
    `Mean time to acknowledge: ${formatDuration(data.mtta.seconds)} (${data.mtta.alarms} alarms); to resolve: ${formatDuration(data.mttr.seconds)} (${data.mttr.alarms} alarms)`,
    "",
    "By system:",
    ...data.bySystem.map((s) => `  ${s.name}: ${s.count}`),
    "",
    "Most frequent maintenance objects:",
    ...data.topMaintObjects.map((m) => `  ${m.maintObject}: ${m.alarms} alarms, ${m.reports} reports`),
    "",
    `The period's alarms are attached as CSV${truncated}.`,
  ].join("\n");
  return { subject, html, text };
}
