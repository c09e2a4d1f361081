import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { deleteSavedView, listSavedViews, saveView, ZSavedViewInput } from "../../alarms/index.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** Each user's named board filters; nobody sees or changes another's. */
export const savedViewRouter = router({
  list: viewerProcedure.query(({ ctx }) => listSavedViews(ctx.db, { principal: ctx.principal })),
  save: viewerProcedure.input(ZSavedViewInput).mutation(({ ctx, input }) => saveView(ctx.db, { principal: ctx.principal, input })),
  delete: viewerProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) => deleteSavedView(ctx.db, { principal: ctx.principal, id: input.id })),
});
