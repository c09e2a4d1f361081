import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { createPolicy, deletePolicy, listPolicies, updatePolicy, ZPolicyInput } from "../../dispatch/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const escalationRouter = router({
  list: viewerProcedure.query(({ ctx }) => listPolicies(ctx.db)),
  create: adminProcedure.input(ZPolicyInput).mutation(async ({ ctx, input }) => {
    const p = await createPolicy(ctx.db, input);
    await auditChange(ctx, "escalation.create", p.name, input);
    return p;
  }),
  update: adminProcedure.input(z.object({ id: ZId, data: ZPolicyInput.partial() })).mutation(async ({ ctx, input }) => {
    const p = await updatePolicy(ctx.db, input);
    await auditChange(ctx, "escalation.update", p.name, input.data);
    return p;
  }),
  delete: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    const gone = await deletePolicy(ctx.db, input);
    await auditChange(ctx, "escalation.delete", gone.name);
    return gone;
  }),
});
