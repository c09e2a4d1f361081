import { StaleEpochError } from "../cluster/index.ts";
import type { Prisma, TDb } from "../db/index.ts";
import type { TLogger } from "../log/index.ts";
import { nextRequest } from "./requests.ts";
import { finishRun, startRun, sweepCutShort, type TRunTrigger, windowRuns } from "./runs.ts";
import { currentWindow } from "./schedule.ts";
import { routineSetting, type TMaintenanceKind } from "./settings.ts";

/** What a node needs to run maintenance routines: its database (and URL, for pg_dump), paths and keys. */
export type TRoutineDeps = {
  db: TDb;
  databaseUrl: string;
  nodeName: string;
  defaultBackupDir: string;
  pgBinDir?: string;
  secretKey: () => Buffer;
  log: TLogger;
};

export type TRoutineContext = TRoutineDeps & {
  epoch: number;
  runId: number;
  trigger: TRunTrigger;
  /** The run-now request's payload (send now: which report). */
  payload: unknown;
  /** Aborted when this node loses the primary lease or stops. */
  signal: AbortSignal;
};

export type TRoutineOutcome = { status: "PASSED" | "FAILED"; detail: string; result?: Prisma.InputJsonValue };
export type TRoutine = (ctx: TRoutineContext) => Promise<TRoutineOutcome>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function execute(kind: TMaintenanceKind, routine: TRoutine, ctx: TRoutineContext): Promise<void> {
  const { db, log, runId } = ctx;
  let outcome: { status: "PASSED" | "FAILED" | "ERROR"; detail: string; result?: Prisma.InputJsonValue };
  try {
    outcome = await routine(ctx);
  } catch (e) {
    if (e instanceof StaleEpochError || ctx.signal.aborted)
      outcome = {
        status: "ERROR",
        detail: `cut short: ${ctx.nodeName} stopped or lost the primary lease (epoch ${ctx.epoch}) before it finished`,
      };
    else {
      log.warn(`maintenance ${kind} run ${runId} failed`, { error: e });
      outcome = { status: "FAILED", detail: message(e) };
    }
  }
  if (!(await finishRun(db, { id: runId, ...outcome })))
    log.warn(`maintenance ${kind} run ${runId} ended (${outcome.status}) after another primary had declared it cut short`);
  else log.info(`maintenance ${kind} run ${runId} ${outcome.status}: ${outcome.detail}`);
}

/**
 * One maintenance tick of the primary for one routine (never two at once for one kind: the
 * singleton loop waits for the previous tick). In order:
 *  1. runs of this kind still RUNNING are cut short (their node died or lost the lease): ERROR;
 *  2. a "run now" request is run;
 *  3. otherwise, if the routine is enabled and its window is open, the window's run is started
 *     unless the window already has a finished one (PASSED or FAILED): once per window, and a
 *     window whose only runs were cut short runs again (RETRY).
 * Every start is a fenced insert with a unique slot key, so two primaries cannot both start it.
 */
export async function maintenanceTick({
  kind,
  routine,
  deps,
  epoch,
  signal,
  now = new Date(),
}: {
  kind: TMaintenanceKind;
  routine: TRoutine;
  deps: TRoutineDeps;
  epoch: number;
  signal: AbortSignal;
  now?: Date;
}): Promise<void> {
  const { db, nodeName, log } = deps;
  for (const cut of await sweepCutShort(db, { kind, nodeName, epoch }))
    log.warn(
      `maintenance ${kind} run ${cut.id} on ${cut.nodeName} was cut short${cut.windowKey ? `; window ${cut.windowKey} runs again` : ""}`,
    );
  const base = { ...deps, epoch, signal };

  const request = await nextRequest(db, kind);
  if (request) {
    const runId = await startRun(db, {
      kind,
      nodeName,
      epoch,
      slotKey: `${kind}:request:${request.id}`,
      trigger: "MANUAL",
      requestId: request.id,
    });
    if (runId != null) await execute(kind, routine, { ...base, runId, trigger: "MANUAL", payload: request.payload });
    return;
  }

  const setting = await routineSetting(db, kind);
  if (!setting.enabled) return;
  const window = currentWindow(setting.parsedSchedule, now);
  if (!window) return;
  const runs = await windowRuns(db, kind, window.key);
  if (runs.some((r) => r.status !== "ERROR")) return;
  const trigger: TRunTrigger = runs.length ? "RETRY" : "SCHEDULE";
  const slotKey = `${kind}:${window.key}#${runs.length + 1}`;
  const runId = await startRun(db, { kind, nodeName, epoch, slotKey, trigger, windowKey: window.key });
  if (runId != null) await execute(kind, routine, { ...base, runId, trigger, payload: null });
}
