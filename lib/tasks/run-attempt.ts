import { isSatError, type SatError, type TSat, type TSatTimeouts, withSatSession } from "../connect/sat/index.ts";
import type { TDialOutHandle } from "../connect/modem-port.ts";
import type { Prisma, TDb } from "../db/index.ts";
import type { TLogger } from "../log/index.ts";
import { enqueueRun } from "./enqueue-run.ts";
import { recordReachFailure, recordReachSuccess } from "./reachability.ts";
import type { TRunRequest } from "./request-task.ts";
import { SAT_TASKS, type TSatTaskKind } from "./task-kinds.ts";
import { announceTaskChange } from "./task-runs.ts";
import { recordOnTimeline } from "./timeline.ts";
import { TranscriptSink } from "./transcript-sink.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

export type TTaskSettings = {
  /** Attempts before a run is FAILED (reach failures only are retried). */
  maxAttempts: number;
  /** First retry after this many seconds, doubling each time (at most 15 minutes). */
  retryDelayS: number;
  /** Reach failures in a row that mark a system unreachable. */
  unreachableAfter: number;
  /** How long an INADS link test waits for its test alarm. */
  inadsWaitMin: number;
};

/** A claimed run, as a task body sees it. */
export type TClaimedRun = {
  id: number;
  kind: TSatTaskKind;
  systemId: number;
  alarmId: number | null;
  attempt: number;
  request: TRunRequest;
  connectionType: "MODEM" | "RAS_PPP" | "DIRECT_IP";
};

/** What a body decided. RUNNING: the session is over but the run waits for something (an INADS test alarm). */
export type TRunOutcome =
  | { status: "PASSED"; result: Prisma.InputJsonValue; reason?: string | null }
  | { status: "FAILED"; result: Prisma.InputJsonValue; reason: string }
  | { status: "RUNNING"; result: Prisma.InputJsonValue; phase: string; waitUntil: Date };

export type TAttemptContext = {
  db: TDb;
  nodeName: string;
  conn: "modem" | "ras" | "ip";
  port: { device: string } | null;
  line: () => Promise<TDialOutHandle>;
  jobId: string;
  settings: TTaskSettings;
  log: TLogger;
  /** Session step limits (default: the SAT layer's); the key of the systems' secrets (default: this node's). */
  timeouts?: Partial<TSatTimeouts>;
  secretKey?: Buffer;
};

export type TTaskBody = (sat: TSat, run: TClaimedRun, ctx: TAttemptContext) => Promise<TRunOutcome>;

// Failures of the line or the system's answer, worth another try later; the rest (wrong
// password, changed host key, no PPP here, missing configuration, garbage) would fail again.
const RETRYABLE = new Set(["UNREACHABLE", "BUSY", "NO_ANSWER", "TIMEOUT", "LINE_DROPPED", "SESSION_IN_USE", "NO_LINE"]);
// Failures that say the system could not be reached or logged into (not this node's problem).
const REACH = new Set(["UNREACHABLE", "BUSY", "NO_ANSWER", "TIMEOUT", "LINE_DROPPED", "LOGIN_REFUSED", "HOST_KEY_CHANGED", "PROTOCOL"]);

async function claim(ctx: TAttemptContext, id: number): Promise<TClaimedRun | null> {
  const rows = await ctx.db.$queryRawUnsafe<(Omit<TClaimedRun, "attempt"> & { attempts: number })[]>(
    `UPDATE "TaskRun" SET status = 'RUNNING', "nodeName" = $2, port = $3, "jobId" = $4, attempts = attempts + 1,
       "startedAt" = COALESCE("startedAt", ${NOW_UTC}), phase = 'connecting', reason = NULL, "updatedAt" = ${NOW_UTC}
     WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') AND "systemId" IS NOT NULL
     RETURNING id, kind::text AS kind, "systemId", "alarmId", request, attempts, "connectionType"::text AS "connectionType"`,
    id,
    ctx.nodeName,
    ctx.port?.device ?? null,
    ctx.jobId,
  );
  const r = rows[0];
  if (!r) return null;
  const { attempts, ...rest } = r;
  return { ...rest, id: Number(r.id), systemId: Number(r.systemId), attempt: Number(attempts) };
}

type TFinal = TRunOutcome | { status: "ERROR"; result: Prisma.InputJsonValue; reason: string };

async function finish(ctx: TAttemptContext, run: TClaimedRun, outcome: TFinal): Promise<void> {
  const final = outcome.status !== "RUNNING";
  await ctx.db.taskRun.update({
    where: { id: run.id },
    data: {
      status: outcome.status,
      result: outcome.result,
      reason: outcome.status === "RUNNING" ? null : (outcome.reason ?? null),
      phase: outcome.status === "RUNNING" ? outcome.phase : null,
      waitUntil: outcome.status === "RUNNING" ? outcome.waitUntil : null,
      ...(final ? { finishedAt: new Date() } : {}),
    },
  });
  if (final && run.alarmId)
    await recordOnTimeline(ctx.db, { run, status: outcome.status, reason: outcome.reason ?? null, nodeName: ctx.nodeName });
  await announceTaskChange(ctx.db, [run.id]);
}

function retryDelayS(settings: TTaskSettings, attempt: number): number {
  return Math.min(900, settings.retryDelayS * 2 ** (attempt - 1));
}

async function failed(ctx: TAttemptContext, run: TClaimedRun, e: SatError, sink: TranscriptSink): Promise<void> {
  const reached = e.step === "command" || e.step === "logoff";
  if (REACH.has(e.code) && !reached) {
    const marked = await recordReachFailure(ctx.db, { systemId: run.systemId, after: ctx.settings.unreachableAfter });
    if (marked)
      sink.push(`# ${ctx.settings.unreachableAfter} failed attempts in a row: the system is marked unreachable until a run gets through\n`);
  }
  const retry = run.kind !== "MANUAL_COMMAND" && RETRYABLE.has(e.code) && run.attempt < ctx.settings.maxAttempts;
  if (!retry) {
    await sink.flush();
    await finish(ctx, run, { status: "FAILED", result: { code: e.code, step: e.step }, reason: e.reason });
    return;
  }
  const delay = retryDelayS(ctx.settings, run.attempt);
  sink.push(`# attempt ${run.attempt} failed (${e.reason}); attempt ${run.attempt + 1} in ${delay} s\n`);
  await sink.flush();
  await ctx.db.$transaction(async (tx) => {
    await tx.taskRun.update({
      where: { id: run.id },
      data: {
        status: "QUEUED",
        reason: `attempt ${run.attempt} of ${ctx.settings.maxAttempts} failed: ${e.reason}`,
        phase: `next attempt in ${delay} s`,
      },
    });
    await enqueueRun(tx as TDb, { id: run.id, kind: run.kind, connectionType: run.connectionType, delaySeconds: delay });
  });
}

/**
 * One attempt of a SAT task run, the frame every SAT task shares: claims the run (a finished
 * run's duplicate job does nothing), opens the session by the system's connection with the
 * job's modem port, streams the transcript into the run, lets `body` do the work, and records
 * the outcome. A failed session becomes FAILED with its reason, or QUEUED again with back-off
 * when another attempt may get through; N reach failures in a row mark the system unreachable.
 * Never throws for what a system does; only a database it cannot write to stops it.
 */
export async function runSatAttempt(ctx: TAttemptContext, runId: number, body: TTaskBody): Promise<void> {
  const run = await claim(ctx, runId);
  if (!run) return;
  const sink = new TranscriptSink(ctx.db, run.id);
  const label = SAT_TASKS[run.kind].label;
  sink.push(`# ${label}, attempt ${run.attempt} on ${ctx.nodeName}${ctx.port ? ` (modem port ${ctx.port.device})` : ""}\n`);
  await announceTaskChange(ctx.db, [run.id]);
  try {
    const outcome = await withSatSession(
      ctx.db,
      run.systemId,
      {
        conn: ctx.conn,
        ...(ctx.conn === "ip" ? {} : { line: ctx.line }),
        holder: `${ctx.nodeName} task ${run.id}`,
        onTranscript: (chunk) => sink.push(chunk),
        ...(ctx.timeouts ? { timeouts: ctx.timeouts } : {}),
        ...(ctx.secretKey ? { secretKey: ctx.secretKey } : {}),
      },
      async (sat) => {
        await recordReachSuccess(ctx.db, { systemId: run.systemId });
        await ctx.db.taskRun.update({ where: { id: run.id }, data: { phase: "logged in", ...(sat.port ? { port: sat.port } : {}) } });
        return body(sat, run, ctx);
      },
    );
    await sink.flush();
    await finish(ctx, run, outcome);
  } catch (e) {
    if (isSatError(e)) return failed(ctx, run, e, sink);
    ctx.log.warn(`task ${run.id} (${label}) broke`, { error: e });
    sink.push(`# internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    await sink.flush();
    await finish(ctx, run, { status: "ERROR", result: {}, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
}
