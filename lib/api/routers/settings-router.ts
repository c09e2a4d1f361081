import { z } from "zod";
import { AppError } from "../../errors/index.ts";
import { mailboxKey } from "../../dispatch/index.ts";
import {
  describeMailError,
  getImapSettings,
  getSmtpSettings,
  loadImapConfig,
  openMailbox,
  sendMail,
  setImapSettings,
  setSmtpSettings,
  ZEmailAddress,
  ZImapInput,
  ZSmtpInput,
} from "../../notify/index.ts";
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
  /** The reply mailbox settings without the password, and how the primary's last look went; null when not set up. */
  getImap: adminProcedure.query(async ({ ctx }) => {
    const view = await getImapSettings(ctx.db);
    if (!view) return null;
    const last = await ctx.db.mailboxPoll.findUnique({
      where: { mailbox: mailboxKey(view) },
      select: { polledAt: true, ok: true, error: true, handled: true, nodeName: true },
    });
    return { ...view, lastPoll: last };
  }),
  setImap: adminProcedure.input(ZImapInput).mutation(async ({ ctx, input }) => {
    const saved = await setImapSettings(ctx.db, ctx.secretKey(), input);
    const { password, ...shown } = input;
    await auditChange(ctx, "settings.setImap", `${input.user}@${input.host}:${input.port}`, {
      ...shown,
      password: password === undefined ? "unchanged" : password === "" ? "removed" : "changed",
    });
    return saved;
  }),
  /** Logs in with the saved settings and opens the mailbox: what the primary will do, now. */
  testImap: adminProcedure.mutation(async ({ ctx }) => {
    const cfg = await loadImapConfig(ctx.db, ctx.secretKey());
    if (!cfg) throw new AppError("INVALID", "reply mailbox is not set up or switched off (Settings → Email replies)");
    try {
      const box = await openMailbox(cfg, { timeoutMs: 10_000 });
      await box.close();
      await auditChange(ctx, "settings.testImap", `${cfg.user}@${cfg.host}:${cfg.port}`);
      return { ok: true as const, mailbox: cfg.mailbox };
    } catch (e) {
      throw new AppError("UNAVAILABLE", `the reply mailbox cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }),
});
