import { altAlarmTypeOf } from "../alarms/index.ts";
import type { TDb } from "../db/index.ts";
import { signAckLink } from "./ack-token.ts";
import { ALARM_ROW_COLUMNS, ALARM_ROW_JOINS, alarmVars, type TAlarmRow } from "./alarm-vars.ts";
import { activeSilence, onDuty, type TDutyHours, ZDutyHours } from "./match.ts";
import { NUMERIC_MAX_LENGTH, TAP_MAX_LENGTH, type TPageJob, type TPageSender } from "./pager-job.ts";
import { dueAt, idempotencyKey, messageIdFor, planFor, type TChannel, type TPlanStep, ZPlan } from "./plan.ts";
import { loadPolicies } from "./policies.ts";
import { loadActiveSilences } from "./silences.ts";
import { pagerText } from "./template-render.ts";
import { loadTemplates } from "./templates.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** What one dispatcher pass works with: who it is (fenced by nodeName + epoch) and how to reach people. */
export type TDispatchCtx = {
  db: TDb;
  nodeName: string;
  epoch: number;
  key: Buffer;
  publicUrl: string;
  /** Right-hand side of Message-IDs. */
  domain: string;
  ackLinkTtlMs: number;
  sendPage: TPageSender;
};

// Alarm ids below (newest dispatched − LOOKBACK) are never looked at again: an alarm's id is
// taken and committed within one intake transaction, long before this many newer ones exist.
const LOOKBACK = 5000;
const BATCH = 200;

type TNewNotification = {
  alarmId: number;
  contactId: number;
  channel: TChannel;
  kind: "ALARM" | "RESOLVED";
  level: number;
  inReplyTo: string | null;
  page?: Omit<TPageJob, "notificationId">;
};
type TEvent = { alarmId: number; kind: string; message: string };
type TUpdate = { alarmId: number; nextStep: number; nextDueAt: Date | null; finished: boolean };

/** Alarms raised since the dispatcher last looked get their plan (or the reason they have none). */
export async function planNewAlarms(ctx: TDispatchCtx): Promise<number> {
  const { db } = ctx;
  const [floorRow] = await db.$queryRawUnsafe<{ floor: number }[]>(
    `SELECT GREATEST(
       COALESCE((SELECT (value #>> '{}')::int FROM "Setting" WHERE key = 'dispatch.startAfterAlarmId'), 0),
       COALESCE((SELECT max("alarmId") FROM "AlarmDispatch"), 0) - ${LOOKBACK}) AS floor`,
  );
  const rows = await db.$queryRawUnsafe<TAlarmRow[]>(
    `SELECT ${ALARM_ROW_COLUMNS} FROM "Alarm" a ${ALARM_ROW_JOINS}
     WHERE a.id > $1 AND NOT EXISTS (SELECT 1 FROM "AlarmDispatch" d WHERE d."alarmId" = a.id)
     ORDER BY a.id LIMIT ${BATCH}`,
    Number(floorRow?.floor ?? 0),
  );
  if (rows.length === 0) return 0;
  const policies = await loadPolicies(db);
  const overrides = await altAlarmTypes(db);
  const plans = rows.map((a) => {
    if (a.source === "TEST") return { a, plan: [] as TPlanStep[], outcome: "Not notified: test alarm (source TEST)" };
    if (altAlarmTypeOf(overrides, productIdKey(a), a.maintObject)?.alarmType === "NONE")
      return { a, plan: [], outcome: `Not notified: alternate alarm type NONE for ${a.maintObject}` };
    const plan = planFor(policies, a);
    return { a, plan, outcome: plan.length ? null : "Not notified: no escalation policy matches" };
  });
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO "AlarmDispatch" ("alarmId", plan, "nextStep", "nextDueAt", finished, outcome, "nodeName", epoch, "createdAt")
       SELECT t.id, t.plan::jsonb, 0, t.due::timestamp(3), t.finished, t.outcome, $6, $7, ${NOW_UTC}
       FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[], $5::text[]) AS t(id, plan, due, finished, outcome)
       ON CONFLICT ("alarmId") DO NOTHING`,
      plans.map((p) => p.a.alarmId),
      plans.map((p) => JSON.stringify(p.plan)),
      plans.map((p) => dueAt(p.a.firstSeenAt, p.plan[0])?.toISOString() ?? null),
      plans.map((p) => p.plan.length === 0),
      plans.map((p) => p.outcome),
      ctx.nodeName,
      ctx.epoch,
    );
    await insertEvents(
      tx as TDb,
      ctx,
      plans.flatMap((p) => (p.outcome ? [{ alarmId: p.a.alarmId, kind: "DISPATCH", message: p.outcome }] : [])),
    );
  });
  return rows.length;
}

// The override map is keyed by product ID; rows carry it.
const productIdKey = (a: TAlarmRow) => a.productId;

async function altAlarmTypes(db: TDb) {
  const rows = await db.$queryRawUnsafe<{ maintObject: string; alarmType: string; productId: string | null; systemId: number | null }[]>(
    `SELECT m."maintObject", m."alarmType"::text AS "alarmType", s."productId", m."systemId"
     FROM "MoOverride" m LEFT JOIN "System" s ON s.id = m."systemId" WHERE m."alarmType" = 'NONE'`,
  );
  const map = new Map<string, { alarmType: "NONE" }>();
  for (const r of rows)
    if (r.systemId == null || r.productId) map.set(`${r.productId ?? "*"}\u0000${r.maintObject.toUpperCase()}`, { alarmType: "NONE" });
  return map;
}

type TDueRow = TAlarmRow & { plan: unknown; nextStep: number };

const DUE_SELECT = `SELECT d.plan, d."nextStep", ${ALARM_ROW_COLUMNS}
  FROM "AlarmDispatch" d JOIN "Alarm" a ON a.id = d."alarmId" ${ALARM_ROW_JOINS}`;

/** Escalation steps that have come due. */
export async function advanceDue(ctx: TDispatchCtx): Promise<number> {
  const rows = await ctx.db.$queryRawUnsafe<TDueRow[]>(
    `${DUE_SELECT} WHERE d.finished = false AND d."nextDueAt" <= ${NOW_UTC} ORDER BY d."nextDueAt" LIMIT ${BATCH}`,
  );
  return processRows(ctx, rows);
}

/** Alarms acknowledged or resolved while their escalation was open: stop it, send resolved notices. */
export async function closeAnswered(ctx: TDispatchCtx): Promise<number> {
  await cancelUndelivered(ctx);
  const rows = await ctx.db.$queryRawUnsafe<TDueRow[]>(
    `${DUE_SELECT} WHERE d.finished = false AND a.status <> 'ACTIVE' AND (d."nextDueAt" IS NOT NULL OR a.status = 'RESOLVED')
     ORDER BY d."alarmId" LIMIT ${BATCH}`,
  );
  return processRows(ctx, rows);
}

/**
 * Deliveries still waiting for an alarm that is no longer active are cancelled, whether or not its
 * escalation is still open (a one-level policy is finished once its pages are handed out, but a
 * page may still wait for a free modem). The pager job skips a notification that is not PENDING.
 */
async function cancelUndelivered(ctx: TDispatchCtx): Promise<void> {
  await ctx.db.$executeRawUnsafe(
    `WITH c AS (
       UPDATE "Notification" n SET status = 'CANCELLED', "lastError" = 'alarm ' || lower(a.status::text) || ' before delivery'
       FROM "Alarm" a
       WHERE a.id = n."alarmId" AND n.status = 'PENDING' AND n.kind = 'ALARM' AND a.status <> 'ACTIVE'
       RETURNING n."alarmId", n.channel, n."contactId", a.status
     )
     INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
     SELECT c."alarmId", ${NOW_UTC}, 'DISPATCH', 'dispatcher', $1,
            initcap(lower(c.channel::text)) || ' to ' || k.name || ' cancelled: the alarm was ' || lower(c.status::text) || ' before delivery'
     FROM c JOIN "Contact" k ON k.id = c."contactId"`,
    ctx.nodeName,
  );
}

type TContact = {
  id: number;
  name: string;
  email: string | null;
  pagerType: "NONE" | "NUMERIC" | "TAP";
  pagerNumber: string | null;
  pagerId: string | null;
  pagerPasswordEnc: string | null;
  pagerBaud: number | null;
  pagerFormat: string | null;
  pagerMaxLength: number | null;
  dutyHours: TDutyHours | null;
  enabled: boolean;
};

async function processRows(ctx: TDispatchCtx, rows: TDueRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const { db } = ctx;
  const now = new Date();
  const [contactRows, silences, templateOf, notified] = await Promise.all([
    db.contact.findMany(),
    loadActiveSilences(db, now),
    loadTemplates(db),
    resolvedNoticeTargets(
      db,
      rows.filter((r) => r.status === "RESOLVED").map((r) => r.alarmId),
    ),
  ]);
  const contacts = new Map<number, TContact>(
    contactRows.map((c) => [
      c.id,
      {
        ...c,
        dutyHours: ZDutyHours.nullable()
          .catch(null)
          .parse(c.dutyHours ?? null),
      },
    ]),
  );
  const out: TNewNotification[] = [];
  const events: TEvent[] = [];
  const updates: TUpdate[] = [];
  const cancel: number[] = [];
  for (const row of rows) {
    const plan = ZPlan.catch([]).parse(row.plan);
    const wantsResolved = plan.some((s) => s.notifyResolved);
    if (row.status === "ACKNOWLEDGED") {
      cancel.push(row.alarmId);
      if (row.nextStep < plan.length) events.push({ alarmId: row.alarmId, kind: "DISPATCH", message: "Escalation stopped: acknowledged" });
      updates.push({ alarmId: row.alarmId, nextStep: row.nextStep, nextDueAt: null, finished: !wantsResolved });
      continue;
    }
    if (row.status === "RESOLVED") {
      cancel.push(row.alarmId);
      if (wantsResolved) {
        const targets = notified.get(row.alarmId) ?? [];
        for (const t of targets) {
          const c = contacts.get(t.contactId);
          if (!c?.enabled) continue;
          out.push({
            alarmId: row.alarmId,
            contactId: t.contactId,
            channel: t.channel,
            kind: "RESOLVED",
            level: 0,
            inReplyTo: t.messageId,
            page: pageFor(ctx, c, row, templateOf, "RESOLVED", 0),
          });
        }
        if (targets.length)
          events.push({ alarmId: row.alarmId, kind: "DISPATCH", message: `Resolved notice to ${targets.length} earlier recipient(s)` });
      }
      updates.push({ alarmId: row.alarmId, nextStep: row.nextStep, nextDueAt: null, finished: true });
      continue;
    }
    let step = row.nextStep;
    for (; step < plan.length; step++) {
      const s = plan[step] as TPlanStep;
      const due = dueAt(row.firstSeenAt, s) as Date;
      if (due > now) break;
      const silence = activeSilence(silences, row, now);
      if (silence) {
        events.push({
          alarmId: row.alarmId,
          kind: "DISPATCH",
          message: `Level ${s.level} not notified: silenced${silence.comment ? ` (${silence.comment})` : ""}`,
        });
        continue;
      }
      const skipped: string[] = [];
      for (const contactId of s.contactIds) {
        const c = contacts.get(contactId);
        if (!c?.enabled) {
          skipped.push(`${c?.name ?? `contact ${contactId}`}: ${c ? "disabled" : "deleted"}`);
          continue;
        }
        if (!onDuty(c.dutyHours, now)) {
          skipped.push(`${c.name}: off duty`);
          continue;
        }
        for (const channel of s.channels) {
          if (channel === "EMAIL" && !c.email) {
            skipped.push(`${c.name}: no email address`);
            continue;
          }
          if (channel === "PAGER" && (c.pagerType === "NONE" || !c.pagerNumber)) {
            skipped.push(`${c.name}: no pager`);
            continue;
          }
          out.push({
            alarmId: row.alarmId,
            contactId,
            channel,
            kind: "ALARM",
            level: s.level,
            inReplyTo: null,
            page: channel === "PAGER" ? pageFor(ctx, c, row, templateOf, "ALARM", s.level) : undefined,
          });
        }
      }
      if (skipped.length)
        events.push({ alarmId: row.alarmId, kind: "DISPATCH", message: `Level ${s.level}: not notified ${skipped.join("; ")}` });
    }
    const next = plan[step];
    updates.push({ alarmId: row.alarmId, nextStep: step, nextDueAt: dueAt(row.firstSeenAt, next), finished: !next && !wantsResolved });
  }
  await write(ctx, { out, events, updates, cancel });
  return rows.length;
}

function pageFor(
  ctx: TDispatchCtx,
  c: TContact,
  a: TAlarmRow,
  templateOf: (customerId: number | null) => { pagerText: string },
  kind: "ALARM" | "RESOLVED",
  level: number,
): Omit<TPageJob, "notificationId"> | undefined {
  if (c.pagerType === "NONE" || !c.pagerNumber) return undefined;
  const vars = alarmVars(a, { kind, level, link: `${ctx.publicUrl}/alarms/${a.alarmId}`, ackLink: "" });
  if (c.pagerType === "NUMERIC") {
    // A numeric pager shows digits: the alarm's number, 9 for resolved notices' prefix.
    const digits = `${kind === "RESOLVED" ? "9" : String(level)}${a.alarmId}`.slice(0, NUMERIC_MAX_LENGTH);
    return { page: { kind: "NUMERIC", number: c.pagerNumber, text: digits, maxLength: NUMERIC_MAX_LENGTH } };
  }
  const maxLength = c.pagerMaxLength ?? TAP_MAX_LENGTH;
  return {
    page: {
      kind: "TAP",
      number: c.pagerNumber,
      pagerId: c.pagerId ?? undefined,
      // Handed over encrypted as stored: the job table never holds it in clear (the job decrypts).
      password: c.pagerPasswordEnc ?? undefined,
      text: pagerText(templateOf(a.customerId).pagerText, vars, maxLength),
      maxLength,
      baud: c.pagerBaud ?? undefined,
      // Unset: the pager job tells 7E1 from 8N1 by the terminal's ID= prompt.
      format: c.pagerFormat === "8N1" || c.pagerFormat === "7E1" ? c.pagerFormat : undefined,
    },
  };
}

/** Who got the alarm (first message per contact and channel), for the resolved notice's In-Reply-To. */
async function resolvedNoticeTargets(db: TDb, alarmIds: number[]) {
  const map = new Map<number, { contactId: number; channel: TChannel; messageId: string | null }[]>();
  if (alarmIds.length === 0) return map;
  const rows = await db.$queryRawUnsafe<{ alarmId: number; contactId: number; channel: TChannel; messageId: string | null }[]>(
    `SELECT DISTINCT ON ("alarmId", "contactId", channel) "alarmId", "contactId", channel::text AS channel, "messageId"
     FROM "Notification" WHERE "alarmId" = ANY($1::int[]) AND kind = 'ALARM' AND status = 'SENT'
     ORDER BY "alarmId", "contactId", channel, id`,
    alarmIds,
  );
  for (const r of rows) map.set(r.alarmId, [...(map.get(r.alarmId) ?? []), r]);
  return map;
}

/** Everything one pass decided, in one fenced transaction: notifications + their pager jobs, progress, timeline. */
async function write(ctx: TDispatchCtx, w: { out: TNewNotification[]; events: TEvent[]; updates: TUpdate[]; cancel: number[] }) {
  const { nodeName, epoch } = ctx;
  await ctx.db.$transaction(
    async (txc) => {
      const tx = txc as TDb;
      if (w.cancel.length)
        await tx.$executeRawUnsafe(
          `UPDATE "Notification" SET status = 'CANCELLED', "lastError" = 'alarm acknowledged or resolved before delivery'
           WHERE "alarmId" = ANY($1::int[]) AND status = 'PENDING' AND kind = 'ALARM'`,
          w.cancel,
        );
      if (w.out.length) {
        const keyOf = (n: TNewNotification) => ({
          alarmId: n.alarmId,
          level: n.kind === "RESOLVED" ? ("R" as const) : n.level,
          contactId: n.contactId,
          channel: n.channel,
        });
        const inserted = await tx.$queryRawUnsafe<{ id: number; key: string }[]>(
          `INSERT INTO "Notification" ("alarmId", "contactId", channel, kind, level, "idempotencyKey", "messageId", "inReplyTo", "nodeName", epoch, "createdAt", "nextAttemptAt")
           SELECT t."alarmId", t."contactId", t.channel::"Channel", t.kind::"NotificationKind", t.level, t.key, t.mid, t.irt, $9, $10, ${NOW_UTC}, ${NOW_UTC}
           FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[])
             AS t("alarmId", "contactId", channel, kind, level, key, mid, irt)
           ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id, "idempotencyKey" AS key`,
          w.out.map((n) => n.alarmId),
          w.out.map((n) => n.contactId),
          w.out.map((n) => n.channel),
          w.out.map((n) => n.kind),
          w.out.map((n) => n.level),
          w.out.map((n) => idempotencyKey(keyOf(n))),
          w.out.map((n) => messageIdFor(keyOf(n), ctx.domain)),
          w.out.map((n) => n.inReplyTo),
          nodeName,
          epoch,
        );
        const byKey = new Map(w.out.map((n) => [idempotencyKey(keyOf(n)), n]));
        const sql = (text: string, values: unknown[]) => tx.$queryRawUnsafe<unknown[]>(text, ...values);
        for (const r of inserted) {
          const n = byKey.get(r.key);
          if (n?.channel === "PAGER" && n.page) await ctx.sendPage({ notificationId: Number(r.id), ...n.page }, sql);
        }
      }
      if (w.updates.length)
        await tx.$executeRawUnsafe(
          `UPDATE "AlarmDispatch" d SET "nextStep" = t.step, "nextDueAt" = t.due::timestamp(3), finished = t.finished, "nodeName" = $5, epoch = $6
           FROM unnest($1::int[], $2::int[], $3::text[], $4::bool[]) AS t(id, step, due, finished) WHERE d."alarmId" = t.id`,
          w.updates.map((u) => u.alarmId),
          w.updates.map((u) => u.nextStep),
          w.updates.map((u) => u.nextDueAt?.toISOString() ?? null),
          w.updates.map((u) => u.finished),
          nodeName,
          epoch,
        );
      await insertEvents(tx, ctx, w.events);
    },
    { timeout: 30_000 },
  );
}

async function insertEvents(db: TDb, ctx: { nodeName: string }, events: TEvent[]) {
  if (events.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
     SELECT t.id, ${NOW_UTC}, t.kind, 'dispatcher', $4, t.message FROM unnest($1::int[], $2::text[], $3::text[]) AS t(id, kind, message)`,
    events.map((e) => e.alarmId),
    events.map((e) => e.kind),
    events.map((e) => e.message.slice(0, 2000)),
    ctx.nodeName,
  );
}

/** The acknowledge link for a notification, valid ACK_LINK_TTL_H from now. */
export function ackLinkFor(ctx: Pick<TDispatchCtx, "key" | "publicUrl" | "ackLinkTtlMs">, notificationId: number): string {
  return `${ctx.publicUrl}/ack/${signAckLink(ctx.key, notificationId, new Date(Date.now() + ctx.ackLinkTtlMs))}`;
}
