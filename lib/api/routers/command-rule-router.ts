import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  createCommandRule,
  deleteCommandRule,
  listCommandRules,
  updateCommandRule,
  ZCommandRuleInput,
  ZCommandRulePatch,
} from "../../tasks/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZById = z.object({ id: ZId });

/** Commands after alarms: rules that run up to 6 SAT steps once per new matching alarm. */
export const commandRuleRouter = router({
  list: viewerProcedure.query(({ ctx }) => listCommandRules(ctx.db)),
  create: adminProcedure.input(ZCommandRuleInput).mutation(async ({ ctx, input }) => {
    const rule = await createCommandRule(ctx.db, input);
    await auditChange(ctx, "commandRule.create", rule.name, { id: rule.id, ...input });
    return rule;
  }),
  update: adminProcedure.input(z.object({ id: ZId, patch: ZCommandRulePatch })).mutation(async ({ ctx, input }) => {
    const rule = await updateCommandRule(ctx.db, input);
    await auditChange(ctx, "commandRule.update", rule.name, { id: rule.id, ...input.patch });
    return rule;
  }),
  delete: adminProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    const rule = await deleteCommandRule(ctx.db, input);
    await auditChange(ctx, "commandRule.delete", rule.name, { id: rule.id });
    return rule;
  }),
});
