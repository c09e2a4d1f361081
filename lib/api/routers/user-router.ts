import { z } from "zod";
import { createUser, listLoginThrottles, listUsers, unlockLogin, updateUser, ZUserCreate, ZUserUpdate } from "../../auth/index.ts";
import { adminProcedure, router } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZUnlock = z
  .object({ account: z.string().trim().toLowerCase().max(200).optional(), address: z.string().trim().max(100).optional() })
  .refine((v) => v.account || v.address, "name an account, an address, or both");

export const userRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure.input(ZUserCreate).mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.db, input);
    await auditChange(ctx, "user.create", user.email, { role: user.role });
    return user;
  }),
  update: adminProcedure.input(ZUserUpdate).mutation(async ({ ctx, input }) => {
    const user = await updateUser(ctx.db, input);
    const { password, ...changed } = input;
    await auditChange(ctx, "user.update", user.email, { ...changed, passwordChanged: !!password });
    return user;
  }),
  /** Accounts (per address) whose logins are being slowed down, and addresses at their account limit. */
  loginThrottles: adminProcedure.query(({ ctx }) => listLoginThrottles(ctx.db)),
  /** Lifts the throttle of an account (at one address or everywhere) or of an address. */
  unlockLogin: adminProcedure.input(ZUnlock).mutation(async ({ ctx, input }) => {
    const cleared = await unlockLogin(ctx.db, input);
    await auditChange(ctx, "auth.login.unlock", input.account ?? input.address, { ...input, cleared });
    return { cleared };
  }),
});
