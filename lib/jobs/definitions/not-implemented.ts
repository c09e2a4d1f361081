import type { TaskKind } from "../../db/index.ts";
import type { TJobContext } from "../job-definition.ts";

const CONN_TYPE = { modem: "MODEM", ras: "RAS_PPP", ip: "DIRECT_IP" } as const;

/**
 * STUB: the four server tasks are routed, claimed and recorded by the cluster, but their work
 * (SAT sessions, pager dialling) is not implemented in this release. The TaskRun says so.
 */
export async function recordNotImplemented(
  kind: TaskKind,
  { systemId, alarmId }: { systemId?: number; alarmId?: number },
  { db, nodeName, conn, port, jobId }: TJobContext,
): Promise<void> {
  const now = new Date();
  await db.taskRun.create({
    data: {
      kind,
      systemId: systemId ?? null,
      alarmId: alarmId ?? null,
      nodeName,
      connectionType: CONN_TYPE[conn],
      port: port?.device ?? null,
      jobId,
      status: "ERROR",
      transcript: "not implemented in this release",
      result: { notImplemented: true },
      startedAt: now,
      finishedAt: now,
    },
  });
}
