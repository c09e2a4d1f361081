import { z } from "zod";
import { Prisma, type TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { ZEmailAddress } from "../notify/index.ts";
import { encryptSecret } from "../secrets/index.ts";
import { ZDutyHours } from "./match.ts";

const ZDialString = z
  .string()
  .trim()
  .regex(/^[0-9*#,()\- ]{2,40}$/, "pager number: digits (and , for a pause, * # - ( ) spaces), 2-40 characters");
const ZPagerId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,16}$/, "pager ID: 1-16 letters or digits, as the paging service knows the pager");

const ZContactFields = z.object({
  name: z.string().trim().min(1, "a name is required").max(100),
  email: ZEmailAddress.nullish().or(z.literal("").transform(() => null)),
  pagerType: z.enum(["NONE", "NUMERIC", "TAP"]).optional(),
  pagerNumber: ZDialString.nullish().or(z.literal("").transform(() => null)),
  pagerId: ZPagerId.nullish().or(z.literal("").transform(() => null)),
  /** TAP login password (up to 6 characters); "" removes it. Never returned. */
  pagerPassword: z.string().max(6, "pager password: at most 6 characters").optional(),
  /** The TAP paging service's line rate; null: the modem negotiates. */
  pagerBaud: z.union([z.literal(300), z.literal(1200), z.literal(2400)], { error: "pager baud: 300, 1200 or 2400" }).nullish(),
  /** The TAP service's serial format (TAP's own is 7E1); null: told by the terminal's ID= prompt. */
  pagerFormat: z.enum(["7E1", "8N1"], { error: "pager format: 7E1 or 8N1" }).nullish(),
  /** Characters the pager shows; longer pages are cut (null: 128 for TAP). */
  pagerMaxLength: z.number().int().min(16, "pager length: 16-1000 characters").max(1000, "pager length: 16-1000 characters").nullish(),
  dutyHours: ZDutyHours.nullish(),
  enabled: z.boolean().optional(),
});
export const ZContactInput = ZContactFields.superRefine(checkPager);
export const ZContactPatch = ZContactFields.partial();
export type TContactInput = z.infer<typeof ZContactInput>;

function checkPager(c: { pagerType?: string; pagerNumber?: string | null; pagerId?: string | null }, ctx: z.RefinementCtx) {
  if ((c.pagerType === "NUMERIC" || c.pagerType === "TAP") && !c.pagerNumber)
    ctx.addIssue({ code: "custom", path: ["pagerNumber"], message: `a ${c.pagerType} pager needs a pager number` });
  if (c.pagerType === "TAP" && !c.pagerId) ctx.addIssue({ code: "custom", path: ["pagerId"], message: "a TAP pager needs a pager ID" });
}

const SELECT = {
  id: true,
  name: true,
  email: true,
  pagerType: true,
  pagerNumber: true,
  pagerId: true,
  pagerPasswordEnc: true,
  pagerBaud: true,
  pagerFormat: true,
  pagerMaxLength: true,
  dutyHours: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const;

type TRow = { pagerPasswordEnc: string | null; dutyHours: unknown } & Record<string, unknown>;
function view<R extends TRow>(row: R) {
  const { pagerPasswordEnc, dutyHours, ...rest } = row;
  return {
    ...rest,
    dutyHours: ZDutyHours.nullable()
      .catch(null)
      .parse(dutyHours ?? null),
    hasPagerPassword: !!pagerPasswordEnc,
  };
}

function dataOf(key: Buffer, input: z.infer<typeof ZContactPatch>): Prisma.ContactUpdateInput {
  const { pagerPassword, dutyHours, ...rest } = input;
  const data: Prisma.ContactUpdateInput = { ...rest };
  if (pagerPassword !== undefined) data.pagerPasswordEnc = pagerPassword === "" ? null : encryptSecret(key, pagerPassword);
  if (dutyHours !== undefined) data.dutyHours = dutyHours === null ? Prisma.DbNull : dutyHours;
  return data;
}

export async function listContacts(db: TDb) {
  const rows = await db.contact.findMany({ select: SELECT, orderBy: { name: "asc" } });
  return rows.map(view);
}

export async function createContact(db: TDb, key: Buffer, input: TContactInput) {
  const row = await db.contact.create({ data: dataOf(key, input) as Prisma.ContactCreateInput, select: SELECT });
  return view(row);
}

export async function updateContact(db: TDb, key: Buffer, { id, data }: { id: number; data: z.infer<typeof ZContactPatch> }) {
  const current = await db.contact.findUnique({ where: { id }, select: SELECT });
  if (!current) throw new AppError("NOT_FOUND", `contact ${id} not found`);
  const merged = { ...current, ...data };
  const check = ZContactFields.pick({ pagerType: true, pagerNumber: true, pagerId: true }).superRefine(checkPager).safeParse(merged);
  if (!check.success) throw new AppError("INVALID", check.error.issues.map((i) => i.message).join("; "));
  const row = await db.contact.update({ where: { id }, data: dataOf(key, data), select: SELECT });
  return view(row);
}

/** Deletes the contact and takes it out of every escalation level (a level left empty is dropped). */
export async function deleteContact(db: TDb, { id }: { id: number }) {
  return db.$transaction(async (tx) => {
    const gone = await tx.contact.delete({ where: { id }, select: { id: true, name: true } }).catch(() => null);
    if (!gone) throw new AppError("NOT_FOUND", `contact ${id} not found`);
    const policies = await tx.escalationPolicy.findMany({ select: { id: true, levels: true } });
    for (const p of policies) {
      const levels = (p.levels as { contactIds: number[] }[]) ?? [];
      if (!levels.some((l) => l.contactIds.includes(id))) continue;
      const kept = levels.map((l) => ({ ...l, contactIds: l.contactIds.filter((c) => c !== id) })).filter((l) => l.contactIds.length > 0);
      await tx.escalationPolicy.update({ where: { id: p.id }, data: { levels: kept, enabled: kept.length > 0 } });
    }
    return gone;
  });
}
