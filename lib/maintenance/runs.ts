import { isFenceRefusal, StaleEpochError } from "../cluster/index.ts";
import type { Prisma, TDb } from "../db/index.ts";
import type { TMaintenanceKind } from "./settings.ts";

export type TRunStatus = "RUNNING" | "PASSED" | "FAILED" | "ERROR";
export type TRunTrigger = "SCHEDULE" | "MANUAL" | "RETRY";

const LEASE_HELD = `EXISTS (SELECT 1 FROM "PrimaryLease" WHERE id = 1 AND "holderName" = $1 AND epoch = $2
                    AND "expiresAt" > (now() AT TIME ZONE 'UTC'))`;

/**
 * Starts a run: one fenced insert (the trigger refuses a node that does not hold the live lease at
 * `epoch`). Null when the slot key is taken: that window's attempt, or that request, already ran.
 */
export async function startRun(
  db: TDb,
  r: {
    kind: TMaintenanceKind;
    nodeName: string;
    epoch: number;
    slotKey: string;
    trigger: TRunTrigger;
    windowKey?: string;
    requestId?: number;
  },
): Promise<number | null> {
  try {
    const rows = await db.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO "MaintenanceRun" (kind, "slotKey", "nodeName", epoch, status, "startedAt", trigger, "windowKey", "requestId")
       VALUES ($1::"MaintenanceKind", $2, $3, $4, 'RUNNING', (now() AT TIME ZONE 'UTC'), $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING id`,
      r.kind,
      r.slotKey,
      r.nodeName,
      r.epoch,
      r.trigger,
      r.windowKey ?? null,
      r.requestId ?? null,
    );
    return rows[0]?.id ?? null;
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(r.nodeName, r.epoch);
    throw e;
  }
}

/** Ends a run. False when it was no longer RUNNING (a new primary declared it cut short meanwhile). */
export async function finishRun(
  db: TDb,
  { id, status, detail, result }: { id: number; status: Exclude<TRunStatus, "RUNNING">; detail: string; result?: Prisma.InputJsonValue },
): Promise<boolean> {
  const n = await db.$executeRawUnsafe(
    `UPDATE "MaintenanceRun" SET status = $2::"TaskStatus", detail = $3, result = $4::jsonb, "finishedAt" = (now() AT TIME ZONE 'UTC')
     WHERE id = $1 AND status = 'RUNNING'`,
    id,
    status,
    detail.slice(0, 4000),
    result === undefined ? null : JSON.stringify(result),
  );
  return n > 0;
}

/**
 * Runs of `kind` still marked RUNNING when the primary (this process) is not running one: their
 * node died or lost the lease mid-run. They become ERROR, "cut short", so the window runs again.
 * Done only while `nodeName` holds the lease at `epoch`, so a stale primary cannot do it.
 */
export async function sweepCutShort(db: TDb, { kind, nodeName, epoch }: { kind: TMaintenanceKind; nodeName: string; epoch: number }) {
  return db.$queryRawUnsafe<{ id: number; nodeName: string; windowKey: string | null }[]>(
    `UPDATE "MaintenanceRun" SET status = 'ERROR', "finishedAt" = (now() AT TIME ZONE 'UTC'),
       detail = 'cut short: ' || "nodeName" || ' stopped or lost the primary lease (epoch ' || epoch || ') before it finished; '
                || $1 || ' (epoch ' || $2 || ') runs it again'
     WHERE kind = $3::"MaintenanceKind" AND status = 'RUNNING' AND ${LEASE_HELD}
     RETURNING id, "nodeName", "windowKey"`,
    nodeName,
    epoch,
    kind,
  );
}

/** The runs of one window so far (attempts, newest last). */
export async function windowRuns(db: TDb, kind: TMaintenanceKind, windowKey: string) {
  return db.maintenanceRun.findMany({ where: { kind, windowKey }, orderBy: { id: "asc" }, select: { id: true, status: true } });
}

export type TRunView = {
  id: number;
  kind: TMaintenanceKind;
  status: TRunStatus;
  nodeName: string;
  epoch: number;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  detail: string | null;
  result: unknown;
};

const RUN_SELECT = {
  id: true,
  kind: true,
  status: true,
  nodeName: true,
  epoch: true,
  trigger: true,
  startedAt: true,
  finishedAt: true,
  detail: true,
  result: true,
} as const satisfies Prisma.MaintenanceRunSelect;

// QUEUED is a task status maintenance runs never take.
const asView = (r: Prisma.MaintenanceRunGetPayload<{ select: typeof RUN_SELECT }>): TRunView => ({ ...r, status: r.status as TRunStatus });

/** Recent runs, newest first. */
export async function listRuns(db: TDb, { kind, limit = 20 }: { kind?: TMaintenanceKind; limit?: number }): Promise<TRunView[]> {
  const rows = await db.maintenanceRun.findMany({ where: kind ? { kind } : {}, orderBy: { id: "desc" }, take: limit, select: RUN_SELECT });
  return rows.map(asView);
}

export async function getRun(db: TDb, id: number): Promise<TRunView | null> {
  const r = await db.maintenanceRun.findUnique({ where: { id }, select: RUN_SELECT });
  return r ? asView(r) : null;
}
