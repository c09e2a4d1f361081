import { z } from "zod";

/** The variables a template may use, with what each holds. */
export const TEMPLATE_VARIABLES = {
  customer: "customer name",
  system: "system name",
  productId: "the system's product ID",
  severity: "CRITICAL, MAJOR, MINOR, WARNING or INFO",
  mo: "maintenance object",
  port: "port",
  altName: "alt name",
  description: "description",
  code: "ACT (alarm), RES (resolved), TST (test alarm)",
  level: "escalation level (4 = jeopardy)",
  firstSeen: "first seen (UTC)",
  count: "times reported",
  alarmId: "the alarm's number in Klaxon",
  link: "link to the alarm",
  ackLink: "single-use acknowledge link",
} as const;
export type TTemplateVars = Record<keyof typeof TEMPLATE_VARIABLES, string>;

export const ZTemplateInput = z.object({
  subject: z.string().trim().min(1, "a subject is required").max(300),
  body: z.string().min(1, "a body is required").max(20_000),
  html: z.string().max(50_000),
  pagerText: z.string().trim().min(1, "a pager text is required").max(1000),
});
export type TTemplate = z.infer<typeof ZTemplateInput>;

export const DEFAULT_TEMPLATE: TTemplate = {
  subject: "[{code} {severity}] {customer} {system}: {mo} {port} (level {level})",
  body: [
    "{code} {severity} alarm, escalation level {level}",
    "",
    "Customer:           {customer}",
    "System:             {system} (product ID {productId})",
    "Maintenance object: {mo}",
    "Port:               {port}",
    "Alt name:           {altName}",
    "Description:        {description}",
    "First seen:         {firstSeen}",
    "Count:              {count}",
    "",
    "Alarm:       {link}",
    "Acknowledge: {ackLink}",
    "",
    "Or reply to this email to acknowledge it.",
  ].join("\n"),
  html: [
    "<h2>{code} {severity} alarm — level {level}</h2>",
    "<table>",
    "<tr><th align=left>Customer</th><td>{customer}</td></tr>",
    "<tr><th align=left>System</th><td>{system} (product ID {productId})</td></tr>",
    "<tr><th align=left>Maintenance object</th><td>{mo}</td></tr>",
    "<tr><th align=left>Port</th><td>{port}</td></tr>",
    "<tr><th align=left>Alt name</th><td>{altName}</td></tr>",
    "<tr><th align=left>Description</th><td>{description}</td></tr>",
    "<tr><th align=left>First seen</th><td>{firstSeen}</td></tr>",
    "<tr><th align=left>Count</th><td>{count}</td></tr>",
    "</table>",
    '<p><a href="{link}">Open the alarm</a> · <a href="{ackLink}">Acknowledge</a></p>',
    "<p>Or reply to this email to acknowledge it.</p>",
  ].join("\n"),
  pagerText: "{code} {severity} {system} {mo} {port} L{level} #{alarmId}",
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** Replaces `{name}` with the variable's value; unknown names stay as written so a typo shows. */
export function renderTemplate(text: string, vars: TTemplateVars, mode: "text" | "html" = "text"): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const v = vars[name as keyof TTemplateVars];
    return mode === "html" ? escapeHtml(v) : v;
  });
}

/** Pager text: one line, printable ASCII (TAP is 7-bit), cut to the pager's length. */
export function pagerText(template: string, vars: TTemplateVars, maxLength: number): string {
  const flat = renderTemplate(template, vars)
    // Accents come off (Zürich → Zurich) rather than leaving a gap.
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.slice(0, maxLength);
}

export const SAMPLE_VARS: TTemplateVars = {
  customer: "Acme Corp",
  system: "acme-hq-cm",
  productId: "1000000001",
  severity: "MAJOR",
  mo: "DS1-BD",
  port: "01A05",
  altName: "T1 to CO",
  description: "DS1 board: loss of signal",
  code: "ACT",
  level: "1",
  firstSeen: "2026-01-05 03:14:07 UTC",
  count: "3",
  alarmId: "4711",
  link: "https://klaxon.example.com/alarms/4711",
  ackLink: "https://klaxon.example.com/ack/4711.1767000000.sample",
};
