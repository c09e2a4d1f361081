import type { TClaimedPort } from "../../cluster/index.ts";
import type { TDialOutHandle } from "../../connect/modem-port.ts";
import type { TDb } from "../../db/index.ts";
import { decryptSecret, isEncrypted } from "../../secrets/index.ts";
import { checkPage, type TCheckedPage, type TPagerPage } from "./page.ts";
import { sendPage, type TPageOutcome, type TSendPageOptions } from "./send-page.ts";

export type TPageDelivery = {
  db: TDb;
  nodeName: string;
  jobId: string;
  port: TClaimedPort | null;
  /** This run of the job; without it the Notification's own attempt count decides (4 attempts). */
  attempt?: { number: number; of: number };
  /** The claimed port's modem (the job context's `line`). */
  line: () => Promise<TDialOutHandle>;
  /** For a password handed over encrypted (lib/secrets). */
  secretKey: () => Buffer;
  options?: TSendPageOptions;
};

export type TDeliveryResult = { status: "SENT" | "FAILED" | "RETRY" | "SKIPPED"; reason: string | null };

/** An attempt failed in a way another call may cure: pg-boss retries the job (on another port or node). */
export class PageAttemptFailed extends Error {}

const DEFAULT_ATTEMPTS = 4;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Delivers one pager Notification: checks the page, sends it over the claimed port's modem,
 * records the run (TaskRun PAGER_DIAL with the transcript, password masked), and moves the
 * Notification on: SENT; or FAILED when the page itself was refused (bad input, RS) or this
 * was the last attempt; or still PENDING with the error, and PageAttemptFailed thrown so that
 * the job is retried. A Notification no longer PENDING (sent, cancelled) is left alone.
 */
export async function deliverPage(notificationId: number, page: TPagerPage, d: TPageDelivery): Promise<TDeliveryResult> {
  const n = await d.db.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, status: true, alarmId: true, attempts: true, kind: true, level: true, contact: { select: { name: true } } },
  });
  if (!n) return { status: "SKIPPED", reason: `notification ${notificationId} does not exist (its alarm was deleted?)` };
  if (n.status !== "PENDING") return { status: "SKIPPED", reason: `notification ${notificationId} is ${n.status}` };
  const attempt = d.attempt ?? { number: n.attempts + 1, of: DEFAULT_ATTEMPTS };

  let checked: TCheckedPage | string;
  let password = page.password;
  try {
    if (password && isEncrypted(password)) password = decryptSecret(d.secretKey(), password);
    checked = checkPage({ ...page, password });
  } catch (e) {
    checked = `the TAP password cannot be decrypted with this node's KLAXON_SECRET_KEY: ${message(e)}`;
  }
  const run = {
    kind: "PAGER_DIAL" as const,
    alarmId: n.alarmId,
    nodeName: d.nodeName,
    connectionType: "MODEM" as const,
    port: d.port?.device ?? null,
    jobId: d.jobId,
    attempts: attempt.number,
    requestedBy: "dispatcher",
    request: { notificationId, kind: page.kind, number: page.number, pagerId: page.pagerId ?? null, text: page.text.slice(0, 1000) },
    startedAt: new Date(),
  };
  if (typeof checked === "string") {
    const refused: TPageOutcome = { ok: false, reason: checked, retryable: false, transcript: "", connect: null, replies: [] };
    await d.db.taskRun.create({ data: { ...run, ...runResult(refused, notificationId, attempt), finishedAt: new Date() } });
    await settle(d, n, refused, true, "");
    return { status: "FAILED", reason: checked };
  }

  const line = await d.line();
  const { id: runId } = await d.db.taskRun.create({ data: { ...run, status: "RUNNING", phase: "calling" }, select: { id: true } });
  const outcome = await sendPage(line, checked, d.options).catch(
    (e): TPageOutcome => ({
      ok: false,
      reason: `the page sender failed: ${message(e)}`,
      retryable: true,
      transcript: "",
      connect: null,
      replies: [],
    }),
  );
  outcome.transcript = mask(outcome.transcript, password);
  const final = outcome.ok || !outcome.retryable || attempt.number >= attempt.of;
  await d.db.taskRun.update({
    where: { id: runId },
    data: { ...runResult(outcome, notificationId, attempt), phase: null, finishedAt: new Date() },
  });
  await settle(d, n, outcome, final, describe(checked));
  if (outcome.ok) return { status: "SENT", reason: null };
  if (outcome.retryable) throw new PageAttemptFailed(`${outcome.reason} (attempt ${attempt.number} of ${attempt.of})`);
  return { status: "FAILED", reason: outcome.reason };
}

function runResult(o: TPageOutcome, notificationId: number, attempt: { number: number; of: number }) {
  return {
    status: o.ok ? ("PASSED" as const) : ("FAILED" as const),
    reason: o.reason,
    transcript: o.transcript,
    result: {
      notificationId,
      ok: o.ok,
      retryable: o.retryable,
      connect: o.connect,
      replies: o.replies,
      attempt: `${attempt.number} of ${attempt.of}`,
    },
  };
}

/** Notification and timeline, in one transaction; a row that left PENDING meanwhile is not overwritten (except by the truth: SENT). */
async function settle(
  d: TPageDelivery,
  n: { id: number; alarmId: number; attempts: number; kind: string; level: number; contact: { name: string } },
  o: TPageOutcome,
  final: boolean,
  what: string,
): Promise<void> {
  const who = n.kind === "RESOLVED" ? "Resolved notice" : `Level ${n.level}`;
  const where = `${d.nodeName}${d.port ? ` ${d.port.device}` : ""}`;
  await d.db.$transaction(async (tx) => {
    if (o.ok) {
      const u = await tx.notification.updateMany({
        // FAILED too: the lost-page sweep may have given up on a job that then got through.
        where: { id: n.id, status: { in: ["PENDING", "CANCELLED", "FAILED"] } },
        data: { status: "SENT", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      if (u.count === 1)
        await tx.alarmEvent.create({
          data: {
            alarmId: n.alarmId,
            kind: "NOTIFIED",
            actor: "pager",
            nodeName: d.nodeName,
            message: `${who} paged to ${n.contact.name} (${what}) from ${where}`,
          },
        });
      return;
    }
    const reason = (o.reason ?? "failed").slice(0, 1000);
    const u = await tx.notification.updateMany({
      where: { id: n.id, status: "PENDING" },
      data: { attempts: { increment: 1 }, lastError: reason, ...(final ? { status: "FAILED" as const } : {}) },
    });
    if (u.count === 1 && final)
      await tx.alarmEvent.create({
        data: {
          alarmId: n.alarmId,
          kind: "NOTIFY_FAILED",
          actor: "pager",
          nodeName: d.nodeName,
          message: `Page to ${n.contact.name} failed after ${n.attempts + 1} attempt(s): ${reason}`.slice(0, 2000),
        },
      });
  });
}

function describe(p: TCheckedPage): string {
  return p.kind === "TAP" ? `TAP pager ${p.pagerId} via ${p.number}` : `numeric pager ${p.number}`;
}

/** The TAP client masks the password already; this also catches it anywhere else it could show. */
function mask(text: string, password: string | undefined): string {
  return password && password.length >= 3 ? text.split(password).join("******") : text;
}
