import type { ConnectionType, Prisma, TaskKind, TDb } from "../db/index.ts";
import type { TQueueName } from "../jobs/registry.ts";
import { sendInTransaction } from "../jobs/send-in-tx.ts";
import { announceTaskChange } from "./task-runs.ts";
import { queueFor, type TSatTaskKind } from "./task-kinds.ts";

export type TNewRun = {
  kind: TSatTaskKind;
  systemId: number;
  connectionType: ConnectionType;
  alarmId?: number | null;
  request: Prisma.InputJsonValue;
  requestedBy: string;
};

/**
 * Creates a QUEUED TaskRun and its job in one transaction (the caller's): the run exists exactly
 * when its job does. The job carries only the run's id; the run row holds what to do.
 */
export async function createQueuedRun(tx: TDb, run: TNewRun): Promise<{ id: number }> {
  const row = await tx.taskRun.create({
    data: {
      kind: run.kind as TaskKind,
      systemId: run.systemId,
      alarmId: run.alarmId ?? null,
      connectionType: run.connectionType,
      request: run.request,
      requestedBy: run.requestedBy,
      status: "QUEUED",
      phase: "waiting for a node",
    },
    select: { id: true },
  });
  await enqueueRun(tx, { id: row.id, kind: run.kind, connectionType: run.connectionType });
  return row;
}

/** Queues (another attempt of) a run, optionally after `delaySeconds`. */
export async function enqueueRun(
  tx: TDb,
  { id, kind, connectionType, delaySeconds }: { id: number; kind: TSatTaskKind; connectionType: ConnectionType; delaySeconds?: number },
): Promise<void> {
  const queue = queueFor(kind, connectionType) as TQueueName;
  const jobId = await sendInTransaction(tx, queue, { taskRunId: id }, delaySeconds ? { startAfter: delaySeconds } : {});
  await tx.taskRun.update({ where: { id }, data: { jobId } });
  await announceTaskChange(tx, [id]);
}
