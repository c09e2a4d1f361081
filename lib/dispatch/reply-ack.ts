import { acknowledgeAlarms } from "../alarms/index.ts";
import { audit } from "../audit/index.ts";
import { isFenceRefusal, StaleEpochError } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";
import type { TLogger } from "../log/index.ts";
import { openMailbox, type TImapConfig, type TMailbox, type TMailItem } from "../notify/index.ts";
import { classifyReply, worthReading } from "./reply-classify.ts";

export type TReplyPollCtx = {
  db: TDb;
  key: Buffer;
  nodeName: string;
  epoch: number;
  cfg: TImapConfig;
  log: TLogger;
  /** Messages looked at per poll; the rest wait for the next one. */
  max?: number;
  open?: (cfg: TImapConfig) => Promise<TMailbox>;
};

export type TReplyPollResult = { looked: number; acknowledged: number; handled: number; ignored: number };

/** The MailboxPoll key: a different server, user or folder starts its own UID count. */
export const mailboxKey = (cfg: Pick<TImapConfig, "user" | "host" | "port" | "mailbox">) =>
  `${cfg.user}@${cfg.host}:${cfg.port}/${cfg.mailbox}`;

/** True when the mailbox was last looked at `pollSec` ago or more (or never). */
export async function replyPollDue(db: TDb, cfg: TImapConfig, now = new Date()): Promise<boolean> {
  const row = await db.mailboxPoll.findUnique({ where: { mailbox: mailboxKey(cfg) }, select: { polledAt: true } });
  return !row || now.getTime() - row.polledAt.getTime() >= cfg.pollSec * 1000 - 250;
}

/**
 * One look at the reply mailbox, on the primary: every message that arrived since the last look
 * is read once (by UID, under the mailbox's UIDVALIDITY); a reply carrying a valid alarm token
 * acknowledges that alarm as the contact the mail went to and is flagged handled; anything else
 * (other mail, bounces, out-of-office answers, garbage) is left exactly as it was. Progress and
 * acknowledgements are written in transactions fenced by the primary's epoch, so a stale primary
 * acknowledges nothing and a new one carries on after the last message the old one finished.
 */
export async function pollReplies(ctx: TReplyPollCtx): Promise<TReplyPollResult> {
  const { db, cfg } = ctx;
  const key = mailboxKey(cfg);
  const state = await db.mailboxPoll.findUnique({ where: { mailbox: key } });
  let box: TMailbox;
  try {
    box = await (ctx.open ?? ((c) => openMailbox(c)))(cfg);
  } catch (e) {
    await record(ctx, key, { ok: false, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  const result: TReplyPollResult = { looked: 0, acknowledged: 0, handled: 0, ignored: 0 };
  try {
    const fresh = state?.uidValidity !== box.uidValidity;
    let lastUid = fresh ? 0 : (state?.lastUid ?? 0);
    const items = await box.list(lastUid, ctx.max ?? 200);
    for (const item of items) {
      result.looked++;
      const outcome = await handle(ctx, box, item);
      if (outcome.kind === "ignored") {
        result.ignored++;
        ctx.log.debug(`reply mailbox: message ${item.uid} left alone: ${outcome.reason}`);
      } else {
        // Flag first, then commit: a kill in between leaves a flagged message whose UID the
        // next primary reads again, and acknowledging twice changes nothing.
        await box.markHandled(item.uid);
        const changed = await commitReply(ctx, key, box.uidValidity, item, outcome.targets);
        result.handled++;
        result.acknowledged += changed;
      }
      lastUid = item.uid;
    }
    await record(ctx, key, { ok: true, error: null, uidValidity: box.uidValidity, lastUid });
    return result;
  } catch (e) {
    if (!(e instanceof StaleEpochError))
      await record(ctx, key, { ok: false, error: e instanceof Error ? e.message : String(e) }).catch(() => {});
    throw e;
  } finally {
    await box.close();
  }
}

type TTarget = {
  notificationId: number;
  alarmId: number;
  alarmStatus: string;
  contactId: number;
  contactName: string;
  email: string | null;
};
type TOutcome = { kind: "ignored"; reason: string } | { kind: "reply"; targets: TTarget[]; from: string };

async function handle(ctx: TReplyPollCtx, box: TMailbox, item: TMailItem): Promise<TOutcome> {
  let text = "";
  try {
    if (worthReading(item)) text = await box.text(item);
  } catch (e) {
    // An unreadable body (broken encoding, a part the server cannot serve): the subject may still carry the token.
    ctx.log.debug(`reply mailbox: message ${item.uid} text unreadable`, { error: e });
  }
  const verdict = classifyReply(ctx.key, { ...item, text });
  if (verdict.kind === "ignore") return { kind: "ignored", reason: verdict.reason };
  const rows = await ctx.db.notification.findMany({
    where: { id: { in: verdict.notificationIds } },
    select: { id: true, alarmId: true, alarm: { select: { status: true } }, contact: { select: { id: true, name: true, email: true } } },
  });
  if (rows.length === 0) return { kind: "ignored", reason: "its token names a notification that no longer exists" };
  return {
    kind: "reply",
    from: item.from,
    targets: rows.map((r) => ({
      notificationId: r.id,
      alarmId: r.alarmId,
      alarmStatus: r.alarm.status,
      contactId: r.contact.id,
      contactName: r.contact.name,
      email: r.contact.email,
    })),
  };
}

/** Acknowledges the replied-to alarms and moves the mailbox's progress past the message, in one fenced transaction. */
async function commitReply(ctx: TReplyPollCtx, key: string, uidValidity: string, item: TMailItem, targets: TTarget[]): Promise<number> {
  let changedCount = 0;
  try {
    await ctx.db.$transaction(async (txc) => {
      const tx = txc as TDb;
      await upsertState(tx, ctx, key, { ok: true, error: null, uidValidity, lastUid: item.uid, handled: 1 });
      for (const t of targets) {
        const sender = item.from && item.from !== t.email?.toLowerCase() ? ` (sent from ${item.from})` : "";
        const actor = { name: `${t.contactName} (email reply)`, nodeName: ctx.nodeName };
        const { changed } = await acknowledgeAlarms(tx, {
          ids: [t.alarmId],
          comment: `by ${t.contactName} replying to the alarm email${sender}`,
          actor,
        });
        changedCount += changed.length;
        if (changed.length === 0)
          await tx.alarmEvent.create({
            data: {
              alarmId: t.alarmId,
              kind: "REPLY",
              actor: actor.name,
              nodeName: ctx.nodeName,
              message: `Reply from ${t.contactName}${sender}: the alarm was already ${t.alarmStatus.toLowerCase()}`,
            },
          });
        await audit(tx, {
          actor: { type: "SYSTEM", name: actor.name },
          action: "alarm.acknowledge.reply",
          target: `alarm ${t.alarmId}`,
          detail: { notificationId: t.notificationId, contactId: t.contactId, from: item.from, changed: changed.length > 0 },
          nodeName: ctx.nodeName,
        });
      }
    });
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(ctx.nodeName, ctx.epoch);
    throw e;
  }
  return changedCount;
}

type TState = { ok: boolean; error: string | null; uidValidity?: string; lastUid?: number; handled?: number };

async function upsertState(db: TDb, ctx: TReplyPollCtx, key: string, s: TState) {
  const common = { polledAt: new Date(), ok: s.ok, error: s.error?.slice(0, 1000) ?? null, nodeName: ctx.nodeName, epoch: ctx.epoch };
  const progress = s.lastUid === undefined ? {} : { uidValidity: s.uidValidity ?? null, lastUid: s.lastUid };
  await db.mailboxPoll.upsert({
    where: { mailbox: key },
    create: { mailbox: key, ...common, ...progress, handled: s.handled ?? 0 },
    update: { ...common, ...progress, ...(s.handled ? { handled: { increment: s.handled } } : {}) },
  });
}

async function record(ctx: TReplyPollCtx, key: string, s: TState) {
  try {
    await upsertState(ctx.db, ctx, key, s);
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(ctx.nodeName, ctx.epoch);
    throw e;
  }
}
