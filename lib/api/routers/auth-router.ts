import { z } from "zod";
import {
  changeOwnPassword,
  countUsers,
  deleteSession,
  login,
  SESSION_COOKIE,
  setupFirstAdmin,
  ZPasswordChange,
  ZUserCreate,
} from "../../auth/index.ts";
import { AppError } from "../../errors/index.ts";
import { sessionCookie } from "../cookies.ts";
import { publicProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const authRouter = router({
  /** Sets the session cookie for browsers and also returns the session token for scripts. */
  login: publicProcedure
    .input(z.object({ email: z.string().trim().min(1).max(200), password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const session = await login(ctx.db, { ...input, ip: ctx.ip, userAgent: ctx.userAgent, nodeName: ctx.env.NODE_NAME });
      ctx.resHeaders.append(
        "set-cookie",
        sessionCookie(SESSION_COOKIE, session.token, { expires: session.expiresAt, secure: ctx.env.KLAXON_SECURE_COOKIES || ctx.https }),
      );
      return { user: session.user, expiresAt: session.expiresAt };
    }),

  logout: viewerProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await deleteSession(ctx.db, ctx.sessionToken);
    ctx.resHeaders.append("set-cookie", sessionCookie(SESSION_COOKIE, "", { expires: new Date(0), secure: ctx.env.KLAXON_SECURE_COOKIES || ctx.https }));
    return { ok: true };
  }),

  me: viewerProcedure.query(({ ctx }) => ctx.principal),

  /** Every user, whatever the role, changes their own password (admins change others' with user.update). */
  changePassword: viewerProcedure.input(ZPasswordChange).mutation(async ({ ctx, input }) => {
    if (ctx.principal.kind !== "user") throw new AppError("FORBIDDEN", "an API token has no password");
    const { email } = await changeOwnPassword(ctx.db, { userId: ctx.principal.id, sessionToken: ctx.sessionToken, input });
    await auditChange(ctx, "auth.password.change", email);
    return { ok: true };
  }),

  /** Whether the one-time setup form is still open (no user exists yet). */
  setupNeeded: publicProcedure.query(async ({ ctx }) => ({ needed: (await countUsers(ctx.db)) === 0 })),

  setup: publicProcedure.input(ZUserCreate.omit({ role: true })).mutation(async ({ ctx, input }) => {
    const user = await setupFirstAdmin(ctx.db, { ...input, role: "ADMIN" });
    return { id: user.id, email: user.email };
  }),
});
