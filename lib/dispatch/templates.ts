import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { DEFAULT_TEMPLATE, pagerText, renderTemplate, SAMPLE_VARS, type TTemplate } from "./template-render.ts";

/** The customer's own template, else "Default" (kept in the database once edited), else the built-in one. */
export async function templateFor(db: TDb, customerId: number | null): Promise<TTemplate & { customerId: number | null; own: boolean }> {
  const rows = await db.notificationTemplate.findMany({
    where: { OR: [{ customerId: null }, ...(customerId != null ? [{ customerId }] : [])] },
  });
  const own = customerId != null ? rows.find((r) => r.customerId === customerId) : undefined;
  const def = rows.find((r) => r.customerId === null);
  const t = own ?? def;
  return { ...(t ? { subject: t.subject, body: t.body, html: t.html, pagerText: t.pagerText } : DEFAULT_TEMPLATE), customerId, own: !!own };
}

/** Every template the dispatcher may need, by customer id (null = Default). */
export async function loadTemplates(db: TDb): Promise<(customerId: number | null) => TTemplate> {
  const rows = await db.notificationTemplate.findMany();
  const def = rows.find((r) => r.customerId === null) ?? DEFAULT_TEMPLATE;
  return (customerId) => rows.find((r) => customerId != null && r.customerId === customerId) ?? def;
}

export async function saveTemplate(db: TDb, { customerId, template }: { customerId: number | null; template: TTemplate }) {
  if (customerId != null && !(await db.customer.findUnique({ where: { id: customerId }, select: { id: true } })))
    throw new AppError("INVALID", `no customer with id ${customerId}`);
  const existing = await db.notificationTemplate.findFirst({ where: { customerId } });
  if (existing) return db.notificationTemplate.update({ where: { id: existing.id }, data: template });
  return db.notificationTemplate.create({ data: { customerId, ...template } });
}

/** A customer's template goes back to following Default. */
export async function resetTemplate(db: TDb, { customerId }: { customerId: number }) {
  await db.notificationTemplate.deleteMany({ where: { customerId } });
}

export function previewTemplate(template: TTemplate, maxPagerLength = 128) {
  return {
    subject: renderTemplate(template.subject, SAMPLE_VARS),
    text: renderTemplate(template.body, SAMPLE_VARS),
    html: renderTemplate(template.html, SAMPLE_VARS, "html"),
    pager: pagerText(template.pagerText, SAMPLE_VARS, maxPagerLength),
  };
}
