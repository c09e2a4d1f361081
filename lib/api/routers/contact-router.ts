import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { createContact, deleteContact, listContacts, updateContact, ZContactInput, ZContactPatch } from "../../dispatch/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

// Audit details never carry the TAP password.
const shown = <T extends { pagerPassword?: string }>({ pagerPassword, ...rest }: T) => ({
  ...rest,
  ...(pagerPassword !== undefined ? { pagerPassword: pagerPassword ? "changed" : "removed" } : {}),
});

export const contactRouter = router({
  list: viewerProcedure.query(({ ctx }) => listContacts(ctx.db)),
  create: adminProcedure.input(ZContactInput).mutation(async ({ ctx, input }) => {
    const c = await createContact(ctx.db, ctx.secretKey(), input);
    await auditChange(ctx, "contact.create", c.name, shown(input));
    return c;
  }),
  update: adminProcedure.input(z.object({ id: ZId, data: ZContactPatch })).mutation(async ({ ctx, input }) => {
    const c = await updateContact(ctx.db, ctx.secretKey(), input);
    await auditChange(ctx, "contact.update", c.name, shown(input.data));
    return c;
  }),
  delete: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    const gone = await deleteContact(ctx.db, input);
    await auditChange(ctx, "contact.delete", gone.name);
    return gone;
  }),
});
