import { z } from "zod";
import { deleteSavedView, listSavedViews, saveView, ZSavedViewInput } from "../../alarms/index.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** Each user's named board filters; nobody sees or changes another's. */
export const savedViewRouter = router({
  list: viewerProcedure.query(({ ctx }) => listSavedViews(ctx.db, { principal: ctx.principal })),
  save: viewerProcedure.input(ZSavedViewInput).mutation(({ ctx, input }) => saveView(ctx.db, { principal: ctx.principal, input })),
  delete: viewerProcedure
    .input(z.object({ id: z.number().int().positive().max(2_147_483_647) }))
    .mutation(({ ctx, input }) => deleteSavedView(ctx.db, { principal: ctx.principal, id: input.id })),
});
