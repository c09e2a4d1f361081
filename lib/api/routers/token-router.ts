import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { createApiToken, listApiTokens, revokeApiToken, ZRole } from "../../auth/index.ts";
import { adminProcedure, router } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const tokenRouter = router({
  list: adminProcedure.query(({ ctx }) => listApiTokens(ctx.db)),
  /** The token value is in this response only; Klaxon keeps a hash. */
  create: adminProcedure.input(z.object({ name: z.string().trim().min(1).max(60), role: ZRole })).mutation(async ({ ctx, input }) => {
    const created = await createApiToken(ctx.db, { ...input, createdById: ctx.principal.kind === "user" ? ctx.principal.id : null });
    await auditChange(ctx, "token.create", input.name, { role: input.role });
    return created;
  }),
  revoke: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    const t = await revokeApiToken(ctx.db, input);
    await auditChange(ctx, "token.revoke", t.name);
    return t;
  }),
});
