import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { createSilence, expireSilence, listSilences, ZSilenceInput } from "../../dispatch/index.ts";
import { router, technicianProcedure, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const silenceRouter = router({
  list: viewerProcedure.query(({ ctx }) => listSilences(ctx.db)),
  create: technicianProcedure.input(ZSilenceInput).mutation(async ({ ctx, input }) => {
    const s = await createSilence(ctx.db, input, ctx.principal.name);
    await auditChange(ctx, "silence.create", `silence ${s.id}`, input);
    return s;
  }),
  expire: technicianProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    const s = await expireSilence(ctx.db, input);
    await auditChange(ctx, "silence.expire", `silence ${s.id}`);
    return s;
  }),
});
