import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { deleteMoOverride, listMoOverrides, setMoOverride, ZMoOverrideInput } from "../../dispatch/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const moOverrideRouter = router({
  list: viewerProcedure.query(({ ctx }) => listMoOverrides(ctx.db)),
  set: adminProcedure.input(ZMoOverrideInput).mutation(async ({ ctx, input }) => {
    const r = await setMoOverride(ctx.db, input);
    await auditChange(ctx, "moOverride.set", r.scopeKey, input);
    return r;
  }),
  delete: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    const r = await deleteMoOverride(ctx.db, input);
    await auditChange(ctx, "moOverride.delete", r.scopeKey);
    return r;
  }),
});
