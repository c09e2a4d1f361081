import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { type TPolicy, ZLevel } from "./plan.ts";

const ZSeverity = z.enum(["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"]);

export const ZPolicyMatch = z.object({
  severities: z.array(ZSeverity).optional(),
  customerId: ZId.nullish(),
  systemId: ZId.nullish(),
  maintObject: z.string().trim().max(60).nullish(),
});

export const ZPolicyInput = z.object({
  name: z.string().trim().min(1, "a name is required").max(100),
  match: ZPolicyMatch.optional(),
  levels: z.array(ZLevel).min(1, "a policy needs at least one level").max(4, "at most 4 levels (level 4 is jeopardy)"),
  notifyResolved: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type TPolicyInput = z.infer<typeof ZPolicyInput>;

type TRow = {
  id: number;
  name: string;
  enabled: boolean;
  severities: string[];
  customerId: number | null;
  systemId: number | null;
  maintObject: string | null;
  levels: unknown;
  notifyResolved: boolean;
};

export function policyOf(row: TRow): TPolicy {
  return { ...row, levels: z.array(ZLevel).catch([]).parse(row.levels) };
}

function view(row: TRow & { createdAt: Date; updatedAt: Date }) {
  const p = policyOf(row);
  return {
    id: p.id,
    name: p.name,
    enabled: p.enabled,
    match: { severities: p.severities, customerId: p.customerId, systemId: p.systemId, maintObject: p.maintObject },
    levels: p.levels,
    notifyResolved: p.notifyResolved,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function checkRefs(db: TDb, input: Partial<TPolicyInput>) {
  const ids = [...new Set((input.levels ?? []).flatMap((l) => l.contactIds))];
  if (ids.length) {
    const found = await db.contact.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("INVALID", `no contact with id ${missing.join(", ")}`);
  }
  const m = input.match;
  if (m?.customerId != null && !(await db.customer.findUnique({ where: { id: m.customerId }, select: { id: true } })))
    throw new AppError("INVALID", `no customer with id ${m.customerId}`);
  if (m?.systemId != null && !(await db.system.findUnique({ where: { id: m.systemId }, select: { id: true } })))
    throw new AppError("INVALID", `no system with id ${m.systemId}`);
}

function dataOf(input: Partial<TPolicyInput>) {
  const m = input.match;
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.notifyResolved !== undefined ? { notifyResolved: input.notifyResolved } : {}),
    ...(input.levels !== undefined ? { levels: input.levels } : {}),
    ...(m !== undefined
      ? {
          severities: m.severities ?? [],
          customerId: m.customerId ?? null,
          systemId: m.systemId ?? null,
          maintObject: m.maintObject?.trim() || null,
        }
      : {}),
  };
}

export async function listPolicies(db: TDb) {
  return (await db.escalationPolicy.findMany({ orderBy: { name: "asc" } })).map(view);
}

export async function createPolicy(db: TDb, input: TPolicyInput) {
  await checkRefs(db, input);
  const row = await db.escalationPolicy.create({ data: { name: input.name, levels: input.levels, ...dataOf(input) } });
  return view(row);
}

export async function updatePolicy(db: TDb, { id, data }: { id: number; data: Partial<TPolicyInput> }) {
  await checkRefs(db, data);
  const row = await db.escalationPolicy.update({ where: { id }, data: dataOf(data) }).catch((e: unknown) => {
    if ((e as { code?: string }).code === "P2025") throw new AppError("NOT_FOUND", `escalation policy ${id} not found`);
    throw e;
  });
  return view(row);
}

export async function deletePolicy(db: TDb, { id }: { id: number }) {
  const gone = await db.escalationPolicy.delete({ where: { id }, select: { id: true, name: true } }).catch(() => null);
  if (!gone) throw new AppError("NOT_FOUND", `escalation policy ${id} not found`);
  return gone;
}

/** The enabled policies, as the dispatcher matches them. */
export async function loadPolicies(db: TDb): Promise<TPolicy[]> {
  return (await db.escalationPolicy.findMany({ where: { enabled: true } })).map(policyOf);
}
