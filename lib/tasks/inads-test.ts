import { resolveAlarms } from "../alarms/index.ts";
import type { TDb } from "../db/index.ts";
import { type TCommandAnswer, answerOf } from "./answers.ts";
import type { TTaskBody } from "./run-attempt.ts";
import { announceTaskChange } from "./task-runs.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/**
 * What the system said to `test inads-link`: "Command successfully completed" (it will place
 * the test call) or "Command failed" (a test is already running, or it is busy reporting
 * alarms). Read from anywhere in the answer, any case; an `e` line is a refusal. An answer that
 * says neither but has no error line is taken as accepted: the test alarm decides.
 */
export function inadsCommandVerdict(a: TCommandAnswer): { accepted: boolean; said: string } {
  const text = [...a.rows.flatMap((r) => Object.values(r)), ...a.messages, ...a.errors.map((e) => e.message)]
    .join(" ")
    .replace(/\s+/g, " ");
  const said = text.trim() || "(nothing)";
  if (!a.ok || /command\s+failed/i.test(text)) return { accepted: false, said };
  return { accepted: true, said };
}

async function dbNow(db: TDb): Promise<Date> {
  const rows = await db.$queryRawUnsafe<{ now: Date }[]>(`SELECT ${NOW_UTC} AS now`);
  return rows[0]?.now ?? new Date();
}

/**
 * INADS link test, the part that needs the SAT: an older test alarm still open is resolved first
 * (so the one this test causes is a new alarm with its own arrival), then `test inads-link`.
 * The session then ends (the modem port is free again); the run stays RUNNING until the test
 * alarm arrives or the wait is over (`judgeInadsTests`).
 */
export const inadsTestBody: TTaskBody = async (sat, run, ctx) => {
  const system = await ctx.db.system.findUniqueOrThrow({ where: { id: run.systemId }, select: { productId: true } });
  await supersedeTestAlarms(ctx.db, { productId: system.productId, runId: run.id, nodeName: ctx.nodeName });
  const since = await dbNow(ctx.db);
  const answer = answerOf(await sat.run("test inads-link"));
  const verdict = inadsCommandVerdict(answer);
  const result = { via: sat.via, answer, commandAt: since.toISOString() };
  if (!verdict.accepted) return { status: "FAILED", result, reason: `command failed: the system answered "${verdict.said}"` };
  const waitUntil = new Date(since.getTime() + ctx.settings.inadsWaitMin * 60_000);
  return { status: "RUNNING", result, phase: `waiting for the test alarm (up to ${ctx.settings.inadsWaitMin} min)`, waitUntil };
};

async function supersedeTestAlarms(db: TDb, { productId, runId, nodeName }: { productId: string; runId: number; nodeName: string }) {
  const open = await db.alarm.findMany({ where: { productId, source: "TEST", status: { not: "RESOLVED" } }, select: { id: true } });
  await resolveAlarms(db, {
    ids: open.map((a) => a.id),
    comment: `superseded by INADS link test (task ${runId})`,
    actor: { name: "INADS link test", nodeName },
  });
}

type TWaiting = { id: number; productId: string; commandAt: string; waitUntil: Date; expired: boolean };

/**
 * Verdicts of the INADS link tests waiting for their test alarm: PASSED when the system's test
 * alarm (source TEST, by an INADS call or a trap, on any node) arrived after the command, and
 * the test alarm is resolved as matched; FAILED when the wait ran out. Idempotent: safe on any
 * node and twice.
 */
export async function judgeInadsTests(db: TDb, { nodeName }: { nodeName: string }): Promise<{ passed: number[]; failed: number[] }> {
  const waiting = await db.$queryRawUnsafe<TWaiting[]>(
    `SELECT r.id, s."productId", r.result->>'commandAt' AS "commandAt", r."waitUntil", r."waitUntil" <= ${NOW_UTC} AS expired
     FROM "TaskRun" r JOIN "System" s ON s.id = r."systemId"
     WHERE r.kind = 'INADS_TEST' AND r.status = 'RUNNING' AND r."waitUntil" IS NOT NULL`,
  );
  const out = { passed: [] as number[], failed: [] as number[] };
  for (const w of waiting) {
    const hit = await db.$queryRawUnsafe<{ alarmId: number; at: Date; via: string }[]>(
      `SELECT a.id AS "alarmId", e.at, COALESCE(a.raw->>'kind', CASE WHEN a.raw ? 'inads' THEN 'inads-call' ELSE 'api' END) AS via
       FROM "Alarm" a JOIN "AlarmEvent" e ON e."alarmId" = a.id
       WHERE a."productId" = $1 AND a.source = 'TEST' AND e.kind IN ('RECEIVED', 'REPEATED') AND e.at >= $2::timestamp(3)
       ORDER BY e.at LIMIT 1`,
      w.productId,
      w.commandAt,
    );
    const alarm = hit[0];
    if (alarm) {
      const arrivedMs = alarm.at.getTime() - new Date(w.commandAt).getTime();
      const done = await db.$executeRawUnsafe(
        `UPDATE "TaskRun" SET status = 'PASSED', phase = NULL, "waitUntil" = NULL, "finishedAt" = ${NOW_UTC}, reason = NULL,
           result = result || $2::jsonb
         WHERE id = $1 AND status = 'RUNNING'`,
        Number(w.id),
        JSON.stringify({ testAlarmId: Number(alarm.alarmId), testAlarmVia: alarm.via, testAlarmAfterMs: arrivedMs }),
      );
      if (done) {
        out.passed.push(Number(w.id));
        await resolveAlarms(db, {
          ids: [Number(alarm.alarmId)],
          comment: `test alarm of INADS link test (task ${w.id}): passed`,
          actor: { name: "INADS link test", nodeName },
        });
      }
      continue;
    }
    if (!w.expired) continue;
    const minutes = Math.round(((w.waitUntil.getTime() - new Date(w.commandAt).getTime()) / 60_000) * 10) / 10;
    const done = await db.$executeRawUnsafe(
      `UPDATE "TaskRun" SET status = 'FAILED', phase = NULL, "waitUntil" = NULL, "finishedAt" = ${NOW_UTC}, reason = $2
       WHERE id = $1 AND status = 'RUNNING'`,
      Number(w.id),
      `the test alarm never arrived (waited ${minutes} min after the system accepted the test)`,
    );
    if (done) out.failed.push(Number(w.id));
  }
  await announceTaskChange(db, [...out.passed, ...out.failed]);
  return out;
}
