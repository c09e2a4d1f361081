import { z } from "zod";
import { ZSeverity } from "../alarms/index.ts";
import { type Prisma, type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { satCommandProblem } from "./sat-commands.ts";

export const MAX_STEPS = 6;

export const ZCommandStep = z.object({
  command: z.string().trim().min(1).max(80),
  /** Append the alarm's port (`test board` → `test board 01A05`). */
  sendPortInfo: z.boolean(),
  /** Text after the port (`short`, `long`). */
  suffix: z
    .string()
    .trim()
    .max(20)
    .regex(/^[\x20-\x7e]*$/, "printable ASCII")
    .optional()
    .nullable(),
});
export type TCommandStep = z.infer<typeof ZCommandStep>;

/** A maintenance-object glob: `DS1-BD`, `*-TRK`, `ANL-*|DIG-LINE` (case-insensitive). */
const ZMoGlob = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9*?_\-|. ]*$/, "letters, digits, - _ . and the wildcards * ? (alternatives with |)");

const ZRuleFields = z.object({
  name: z.string().trim().min(1).max(100),
  maintObject: ZMoGlob.optional().nullable(),
  severities: z.array(ZSeverity).max(5).optional(),
  systemId: ZId.optional().nullable(),
  customerId: ZId.optional().nullable(),
  steps: z.array(ZCommandStep).min(1).max(MAX_STEPS, `at most ${MAX_STEPS} steps`),
  resolveOnPass: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

/** A step's command as it would be sent, with a stand-in port, checked like any SAT command. */
function stepProblems(steps: TCommandStep[] | undefined, ctx: z.RefinementCtx): void {
  steps?.forEach((s, i) => {
    const problem = satCommandProblem([s.command, s.sendPortInfo ? "01A05" : "", s.suffix ?? ""].filter(Boolean).join(" "));
    if (problem) ctx.addIssue({ code: "custom", path: ["steps", i, "command"], message: `step ${i + 1}: ${problem}` });
  });
}

export const ZCommandRuleInput = ZRuleFields.superRefine((v, ctx) => stepProblems(v.steps, ctx));
export type TCommandRuleInput = z.input<typeof ZCommandRuleInput>;
export const ZCommandRulePatch = ZRuleFields.partial().superRefine((v, ctx) => stepProblems(v.steps, ctx));

const SELECT = {
  id: true,
  name: true,
  enabled: true,
  maintObjectPattern: true,
  severities: true,
  systemId: true,
  customerId: true,
  steps: true,
  resolveOnPass: true,
  libraryKey: true,
  createdAt: true,
  updatedAt: true,
} as const;
type TRow = Prisma.CommandRuleGetPayload<{ select: typeof SELECT }>;

export type TCommandRule = Omit<TRow, "maintObjectPattern" | "libraryKey" | "steps"> & {
  maintObject: string | null;
  steps: TCommandStep[];
  library: boolean;
};

function view({ maintObjectPattern, libraryKey, steps, ...r }: TRow): TCommandRule {
  return { ...r, maintObject: maintObjectPattern, steps: z.array(ZCommandStep).catch([]).parse(steps), library: libraryKey !== null };
}

function data(input: Partial<z.output<typeof ZRuleFields>>): Prisma.CommandRuleUncheckedUpdateInput {
  const { maintObject, steps, ...rest } = input;
  return {
    ...rest,
    ...(maintObject !== undefined ? { maintObjectPattern: maintObject || null } : {}),
    ...(steps !== undefined ? { steps: steps.map((s) => ({ ...s, suffix: s.suffix || null })) } : {}),
  };
}

async function checkScope(db: TDb, { systemId, customerId }: { systemId?: number | null; customerId?: number | null }) {
  if (systemId && !(await db.system.findUnique({ where: { id: systemId }, select: { id: true } })))
    throw new AppError("INVALID", `no system ${systemId}`);
  if (customerId && !(await db.customer.findUnique({ where: { id: customerId }, select: { id: true } })))
    throw new AppError("INVALID", `no customer ${customerId}`);
}

export async function createCommandRule(db: TDb, input: TCommandRuleInput): Promise<TCommandRule> {
  const v = ZCommandRuleInput.parse(input);
  await checkScope(db, v);
  const row = await db.commandRule.create({ data: data(v) as Prisma.CommandRuleUncheckedCreateInput, select: SELECT });
  return view(row);
}

export async function updateCommandRule(db: TDb, { id, patch }: { id: number; patch: z.input<typeof ZCommandRulePatch> }) {
  const v = ZCommandRulePatch.parse(patch);
  await checkScope(db, v);
  const exists = await db.commandRule.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", `no command rule ${id}`);
  return view(await db.commandRule.update({ where: { id }, data: data(v), select: SELECT }));
}

export async function deleteCommandRule(db: TDb, { id }: { id: number }): Promise<{ id: number; name: string }> {
  const exists = await db.commandRule.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", `no command rule ${id}`);
  return db.commandRule.delete({ where: { id }, select: { id: true, name: true } });
}

export async function listCommandRules(db: TDb): Promise<TCommandRule[]> {
  const rows = await db.commandRule.findMany({ orderBy: [{ enabled: "desc" }, { name: "asc" }], select: SELECT });
  return rows.map(view);
}

const globRe = (glob: string) =>
  new RegExp(
    `^(?:${glob
      .split("|")
      .map((g) =>
        g
          .trim()
          .replace(/[.+^${}()[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, "."),
      )
      .join("|")})$`,
    "i",
  );

export type TRuleAlarm = { maintObject: string | null; severity: string; systemId: number | null; customerId: number | null };

/** Whether an enabled rule applies to an alarm: every condition it sets must hold (unset = any). */
export function ruleMatches(rule: Pick<TCommandRule, "enabled" | "maintObject" | "severities" | "systemId" | "customerId">, a: TRuleAlarm) {
  if (!rule.enabled) return false;
  if (rule.systemId != null && rule.systemId !== a.systemId) return false;
  if (rule.customerId != null && rule.customerId !== a.customerId) return false;
  if (rule.severities.length > 0 && !rule.severities.includes(a.severity as (typeof rule.severities)[number])) return false;
  if (rule.maintObject && !globRe(rule.maintObject).test(a.maintObject ?? "")) return false;
  return true;
}

/** The commands a rule sends for an alarm, or why it cannot (a step wants a port the alarm lacks). */
export function commandsFor(steps: TCommandStep[], port: string | null): { commands: string[] } | { problem: string } {
  const commands: string[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.sendPortInfo && !port?.trim()) return { problem: `step ${i + 1} (${s.command}) sends the alarm's port, but the alarm has none` };
    commands.push([s.command, s.sendPortInfo ? port?.trim() : "", s.suffix ?? ""].filter(Boolean).join(" "));
  }
  return { commands };
}
