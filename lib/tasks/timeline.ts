import { ALARM_CHANNEL } from "../alarms/index.ts";
import type { TDb } from "../db/index.ts";
import type { TRunRequest } from "./request-task.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
/** The alarm's timeline keeps the end of a long transcript; the run keeps all of it. */
const TRANSCRIPT_ON_TIMELINE = 20_000;

type TStepResult = { command: string; passed: boolean; summary: string };

/**
 * A finished run that belongs to an alarm (commands after the alarm) goes on the alarm's
 * timeline: each step's result in the message, the parsed answers and the transcript in data.
 */
export async function recordOnTimeline(
  db: TDb,
  {
    run,
    status,
    reason,
    nodeName,
  }: { run: { id: number; alarmId: number | null }; status: string; reason: string | null; nodeName: string },
): Promise<void> {
  if (!run.alarmId) return;
  const row = await db.taskRun.findUnique({ where: { id: run.id }, select: { result: true, transcript: true, request: true } });
  if (!row) return;
  const request = row.request as TRunRequest | null;
  const steps = ((row.result as { steps?: TStepResult[] } | null)?.steps ?? []).map((s) => `${s.command}: ${s.summary}`);
  const rule = (row.result as { ruleName?: string } | null)?.ruleName ?? request?.ruleIds?.join(", ") ?? "";
  const head = status === "PASSED" ? "Commands after alarm passed" : "Commands after alarm did not pass";
  const message = [`${head}${rule ? ` (rule ${rule})` : ""}, task ${run.id}`, ...steps, ...(reason ? [reason] : [])]
    .join(" · ")
    .slice(0, 2000);
  const transcript = row.transcript.length > TRANSCRIPT_ON_TIMELINE ? `…${row.transcript.slice(-TRANSCRIPT_ON_TIMELINE)}` : row.transcript;
  await db.$executeRawUnsafe(
    `WITH e AS (INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message, data)
                SELECT id, ${NOW_UTC}, 'COMMANDS', 'command rule', $2, $3, $4::jsonb FROM "Alarm" WHERE id = $1 RETURNING 1)
     SELECT pg_notify($5, 'COMMANDS') FROM e`,
    run.alarmId,
    nodeName,
    message,
    JSON.stringify({ taskRunId: run.id, status, reason, result: row.result, transcript }),
    ALARM_CHANNEL,
  );
}
