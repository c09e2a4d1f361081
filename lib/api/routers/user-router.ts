import { createUser, listUsers, updateUser, ZUserCreate, ZUserUpdate } from "../../auth/index.ts";
import { adminProcedure, router } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

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
});
