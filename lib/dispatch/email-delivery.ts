import type { TDb } from "../db/index.ts";
import { describeMailError, loadSmtpConfig, sendWith, type TSmtpConfig, writeSetting } from "../notify/index.ts";
import { replyToken } from "./ack-token.ts";
import { ALARM_ROW_COLUMNS, ALARM_ROW_JOINS, alarmVars, type TAlarmRow } from "./alarm-vars.ts";
import { ackLinkFor, type TDispatchCtx } from "./engine.ts";
import { renderTemplate } from "./template-render.ts";
import { loadTemplates } from "./templates.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** After this many failed attempts a notification is FAILED; between them it waits BACKOFF_S[attempt]. */
export const MAX_EMAIL_ATTEMPTS = 5;
const BACKOFF_S = [2, 10, 30, 120, 300];
export const EMAIL_BATCH = 50;
// One pass sends for at most this long, so planning, escalation and cancelling what an
// acknowledgement made moot get their turn in between even when the server is slow.
const PASS_BUDGET_MS = 1000;

// The lease as the database sees it: how many ms it still runs for this node and epoch (≤ 0: not
// ours). A primary that stalled past its lease (a long GC pause, a starved host) must not send
// what its successor already sends, so no send starts later than this, less a margin.
const LEASE_LEFT_SQL = `SELECT COALESCE((SELECT extract(epoch FROM "expiresAt" - ${NOW_UTC}) * 1000 FROM "PrimaryLease"
  WHERE id = 1 AND "holderName" = $1 AND epoch = $2), 0)::float8 AS ms`;
const LEASE_MARGIN_MS = 300;

type TPending = TAlarmRow & {
  id: number;
  kind: "ALARM" | "RESOLVED";
  level: number;
  messageId: string | null;
  inReplyTo: string | null;
  attempts: number;
  contactName: string;
  email: string | null;
};

export type TEmailCtx = TDispatchCtx & {
  smtpTimeoutMs: number;
  /** False once this node is no longer the primary at ctx.epoch: stop before the next send. */
  stillPrimary: () => boolean;
};

let lastHealth: boolean | undefined;
let failedInARow = 0;
let failingSince: string | null = null;
// While the SMTP server cannot be reached the queue waits (growing pauses) instead of trying, and
// counting an attempt against, every message in turn: one message probes the server.
let heldUntil = 0;

/**
 * Sends due email notifications one at a time, oldest first, and returns how many it handled.
 * One at a time is what bounds a failover's duplicates: a primary killed mid-send leaves at most
 * that one message PENDING, and the next primary resends it under the same Message-ID.
 */
export async function deliverEmails(ctx: TEmailCtx, limit = EMAIL_BATCH): Promise<number> {
  const { db } = ctx;
  if (Date.now() < heldUntil) return 0;
  const rows = await db.$queryRawUnsafe<TPending[]>(
    `SELECT n.id, n.kind::text AS kind, n.level, n."messageId", n."inReplyTo", n.attempts, c.name AS "contactName", c.email, ${ALARM_ROW_COLUMNS}
     FROM "Notification" n JOIN "Contact" c ON c.id = n."contactId" JOIN "Alarm" a ON a.id = n."alarmId" ${ALARM_ROW_JOINS}
     WHERE n.status = 'PENDING' AND n.channel = 'EMAIL' AND n."nextAttemptAt" <= ${NOW_UTC}
     ORDER BY n."nextAttemptAt", n.id LIMIT ${limit}`,
  );
  if (rows.length === 0) return 0;
  const templateOf = await loadTemplates(db);
  let cfg: TSmtpConfig | null = null;
  let cfgError: string | null = null;
  try {
    cfg = await loadSmtpConfig(db, ctx.key);
  } catch (e) {
    cfgError = e instanceof Error ? e.message : String(e);
  }
  let handled = 0;
  let leaseDeadline = 0;
  const passEnd = performance.now() + PASS_BUDGET_MS;
  for (const n of rows) {
    if (!ctx.stillPrimary()) break;
    // Handled so far counts as a full batch: the caller comes straight back for the rest.
    if (performance.now() >= passEnd) return limit;
    handled++;
    if (n.kind === "ALARM" && n.status !== "ACTIVE") {
      await db.$executeRawUnsafe(
        `UPDATE "Notification" SET status = 'CANCELLED', "lastError" = $2 WHERE id = $1 AND status = 'PENDING'`,
        n.id,
        `alarm ${n.status.toLowerCase()} before delivery`,
      );
      continue;
    }
    if (!n.email) {
      await failed(db, ctx, n, "the contact has no email address any more", true);
      continue;
    }
    if (!cfg) {
      await failed(db, ctx, n, cfgError ?? "SMTP is not configured", false);
      continue;
    }
    if (performance.now() >= leaseDeadline) {
      const [lease] = await db.$queryRawUnsafe<{ ms: number }[]>(LEASE_LEFT_SQL, ctx.nodeName, ctx.epoch);
      leaseDeadline = performance.now() + Number(lease?.ms ?? 0) - LEASE_MARGIN_MS;
      if (performance.now() >= leaseDeadline) break;
    }
    try {
      const t = templateOf(n.customerId);
      const vars = alarmVars(n, {
        kind: n.kind,
        level: n.level,
        link: `${ctx.publicUrl}/alarms/${n.alarmId}`,
        ackLink: ackLinkFor(ctx, n.id),
      });
      const token = replyToken(ctx.key, n.id);
      const subject = `${n.kind === "RESOLVED" ? "RESOLVED: " : ""}${renderTemplate(t.subject, vars)} [${token}]`;
      await sendWith(
        cfg,
        {
          to: n.email,
          subject,
          text: `${renderTemplate(t.body, vars)}\n\n${token}\n`,
          html: t.html ? `${renderTemplate(t.html, vars, "html")}\n<p style="color:#888">${token}</p>` : undefined,
          messageId: n.messageId ?? undefined,
          inReplyTo: n.inReplyTo ?? undefined,
          references: n.inReplyTo ? [n.inReplyTo] : undefined,
          headers: { "X-Klaxon-Alarm": String(n.alarmId), "X-Klaxon-Notification": String(n.id) },
        },
        { timeoutMs: ctx.smtpTimeoutMs },
      );
      await sent(db, ctx, n);
      await health(db, true);
      heldUntil = 0;
    } catch (e) {
      const reason = describeMailError(e);
      const down = unreachable(e);
      await failed(db, ctx, n, reason, false);
      await health(db, false, reason, down);
      if (down) {
        heldUntil = Date.now() + (BACKOFF_S[Math.min(failedInARow - 1, BACKOFF_S.length - 1)] ?? 300) * 1000;
        return 0;
      }
    }
  }
  return handled;
}

async function sent(db: TDb, ctx: { nodeName: string }, n: TPending) {
  await db.$executeRawUnsafe(
    `WITH u AS (
       UPDATE "Notification" SET status = 'SENT', "sentAt" = ${NOW_UTC}, attempts = attempts + 1, "lastError" = NULL
       WHERE id = $1 AND status = 'PENDING' RETURNING id
     )
     INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
     SELECT $2, ${NOW_UTC}, 'NOTIFIED', 'dispatcher', $3, $4 FROM u`,
    n.id,
    n.alarmId,
    ctx.nodeName,
    `${n.kind === "RESOLVED" ? "Resolved notice emailed" : `Level ${n.level} emailed`} to ${n.contactName} <${n.email}>`,
  );
}

/** One more failed attempt: retried after a back-off, FAILED (with the reason on the timeline) after the last. */
async function failed(db: TDb, ctx: { nodeName: string }, n: TPending, reason: string, final: boolean) {
  const attempts = n.attempts + 1;
  const last = final || attempts >= MAX_EMAIL_ATTEMPTS;
  await db.$executeRawUnsafe(
    `WITH u AS (
       UPDATE "Notification" SET attempts = $2, "lastError" = $3, status = CASE WHEN $4 THEN 'FAILED'::"NotificationStatus" ELSE status END,
         "nextAttemptAt" = ${NOW_UTC} + make_interval(secs => $5)
       WHERE id = $1 AND status = 'PENDING' RETURNING id
     )
     INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
     SELECT $6, ${NOW_UTC}, 'NOTIFY_FAILED', 'dispatcher', $7, $8 FROM u WHERE $4`,
    n.id,
    attempts,
    reason.slice(0, 1000),
    last,
    BACKOFF_S[Math.min(attempts - 1, BACKOFF_S.length - 1)] ?? 300,
    n.alarmId,
    ctx.nodeName,
    `Email to ${n.contactName} failed after ${attempts} attempt(s): ${reason}`.slice(0, 2000),
  );
}

// Socket-level failures: the server cannot be reached at all (not one message or recipient refused).
const UNREACHABLE = new Set(["ECONNREFUSED", "ETIMEDOUT", "ETIME", "ECONNECTION", "ESOCKET", "EDNS", "EHOSTUNREACH", "ENOTFOUND"]);
function unreachable(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (UNREACHABLE.has(String((c as { code?: string }).code))) return true;
  return false;
}

/**
 * Kept for the cluster warning "email cannot be sent" (lib/cluster/notify-warnings.ts): the last
 * attempt's outcome, how many attempts in a row failed and whether the server could be reached.
 * Written on every failure and on the first success after one; not on every success.
 */
async function health(db: TDb, ok: boolean, error?: string, isUnreachable = false) {
  if (ok && lastHealth === true) return;
  lastHealth = ok;
  failedInARow = ok ? 0 : failedInARow + 1;
  failingSince = ok ? null : (failingSince ?? new Date().toISOString());
  await writeSetting(db, "smtp.health", {
    ok,
    error: error ?? null,
    at: new Date().toISOString(),
    failingSince,
    failedInARow,
    unreachable: !ok && isUnreachable,
  });
}
