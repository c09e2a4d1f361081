import { z } from "zod";
import { AppError } from "../../errors/index.ts";
import { describeMailError, getSmtpSettings, sendMail, setSmtpSettings, ZEmailAddress, ZSmtpInput } from "../../notify/index.ts";
import { adminProcedure, router } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const settingsRouter = router({
  /** The SMTP settings without the password (hasPassword says whether one is kept), or null. */
  getSmtp: adminProcedure.query(({ ctx }) => getSmtpSettings(ctx.db)),
  setSmtp: adminProcedure.input(ZSmtpInput).mutation(async ({ ctx, input }) => {
    const saved = await setSmtpSettings(ctx.db, ctx.secretKey(), input);
    const { password, ...shown } = input;
    await auditChange(ctx, "settings.setSmtp", `${input.host}:${input.port}`, {
      ...shown,
      password: password === undefined ? "unchanged" : password === "" ? "removed" : "changed",
    });
    return saved;
  }),
  testEmail: adminProcedure.input(z.object({ to: ZEmailAddress })).mutation(async ({ ctx, input }) => {
    try {
      const r = await sendMail(ctx.db, ctx.secretKey(), {
        to: input.to,
        subject: "Klaxon test email",
        text: `This is a test email from Klaxon (node ${ctx.env.NODE_NAME}). If you can read it, alarm email works.`,
      });
      await auditChange(ctx, "settings.testEmail", input.to, { response: r.response });
      return { ok: true as const, messageId: r.messageId, response: r.response };
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError("UNAVAILABLE", `test email not sent: ${describeMailError(e)}`);
    }
  }),
});
