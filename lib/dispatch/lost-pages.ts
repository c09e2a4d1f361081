import type { TDb } from "../db/index.ts";
import { PAGER_QUEUE } from "./pager-job.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
// A job still without a row anywhere after this long was deleted by pg-boss's retention.
const GONE_AFTER = `interval '1 hour'`;
// A page younger than a minute has a job that was just written (in the dispatcher's transaction).
const STALE_PENDING_PAGE = `n.status = 'PENDING' AND n.channel = 'PAGER' AND n."createdAt" < ${NOW_UTC} - interval '1 minute'`;

/**
 * A page whose job ended without settling its notification would wait as PENDING for ever: the
 * job ran out of time on every attempt (a hung modem, a node killed mid-call), was cancelled,
 * or was deleted by pg-boss's retention. Such notifications are FAILED here, with the job's
 * last error and a timeline entry, so the desk sees the page did not go out. A job still
 * queued (waiting for a free pager port) is left alone: that is a cluster warning, not a loss.
 */
export async function failLostPages(db: TDb, ctx: { nodeName: string }): Promise<number> {
  // Almost always none: then pg-boss's tables (the archive is large and not indexed by data) are not read.
  const [stale] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Notification" n WHERE ${STALE_PENDING_PAGE}`);
  if (!stale?.n) return 0;
  const tables = await db.$queryRawUnsafe<{ t: string }[]>(
    `SELECT t FROM unnest(ARRAY['pgboss.job', 'pgboss.archive']) t WHERE to_regclass(t) IS NOT NULL`,
  );
  const jobs = tables.map(
    ({ t }) => `SELECT (data->>'notificationId')::int AS nid, state::text AS state, output, completed_on FROM ${t} WHERE name = $1`,
  );
  if (jobs.length === 0) return 0;
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `WITH pending AS (
       SELECT n.id, n."alarmId", n."contactId", n."createdAt" FROM "Notification" n
       WHERE ${STALE_PENDING_PAGE}
     ), j AS (
       SELECT * FROM (${jobs.join(" UNION ALL ")}) x WHERE x.nid IN (SELECT id FROM pending)
     ), lost AS (
       SELECT p.id, p."alarmId", p."contactId",
              (SELECT COALESCE(j2.output->>'message', j2.output->'value'->>'message', j2.state) FROM j j2 WHERE j2.nid = p.id ORDER BY j2.completed_on DESC NULLS LAST LIMIT 1) AS why,
              count(j.nid) AS jobs
       FROM pending p LEFT JOIN j ON j.nid = p.id
       GROUP BY p.id, p."alarmId", p."contactId", p."createdAt"
       HAVING (count(j.nid) > 0 AND bool_and(j.state IN ('failed', 'cancelled', 'completed')))
           OR (count(j.nid) = 0 AND p."createdAt" < ${NOW_UTC} - ${GONE_AFTER})
     ), failed AS (
       UPDATE "Notification" n
       SET status = 'FAILED',
           "lastError" = left('the pager job ended without delivering: ' || CASE WHEN l.jobs = 0 THEN 'its job is gone' ELSE COALESCE(l.why, 'no reason given') END, 1000)
       FROM lost l WHERE n.id = l.id AND n.status = 'PENDING'
       RETURNING n.id, n."alarmId", n."contactId", n."lastError"
     ), ev AS (
       INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
       SELECT f."alarmId", ${NOW_UTC}, 'NOTIFY_FAILED', 'dispatcher', $2, left('Page to ' || c.name || ' failed: ' || f."lastError", 2000)
       FROM failed f JOIN "Contact" c ON c.id = f."contactId"
     )
     SELECT id FROM failed`,
    PAGER_QUEUE,
    ctx.nodeName,
  );
  return rows.length;
}
