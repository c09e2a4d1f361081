import type { TDb } from "../db/index.ts";

export type TSystemTaskStatus = {
  systemId: number;
  unreachableSince: Date | null;
  taskFailures: number;
  configChangedAt: Date | null;
  lastInads: { id: number; status: string; finishedAt: Date | null; reason: string | null } | null;
  snmpPoll: { polledAt: Date; ok: boolean; error: string | null } | null;
};

/** What the Systems list and a system's page show about its server tasks: reachability, last INADS test, config change, SNMP poll. */
export async function systemTaskStatus(db: TDb, { systemId }: { systemId?: number } = {}): Promise<TSystemTaskStatus[]> {
  const rows = await db.$queryRawUnsafe<
    {
      systemId: number;
      unreachableSince: Date | null;
      taskFailures: number;
      configChangedAt: Date | null;
      inadsId: number | null;
      inadsStatus: string | null;
      inadsFinishedAt: Date | null;
      inadsReason: string | null;
      polledAt: Date | null;
      pollOk: boolean | null;
      pollError: string | null;
    }[]
  >(
    `SELECT s.id AS "systemId", s."unreachableSince", s."taskFailures", s."configChangedAt",
            r.id AS "inadsId", r.status::text AS "inadsStatus", r."finishedAt" AS "inadsFinishedAt", r.reason AS "inadsReason",
            p."polledAt", p.ok AS "pollOk", p.error AS "pollError"
     FROM "System" s
     LEFT JOIN LATERAL (SELECT id, status, "finishedAt", reason FROM "TaskRun"
                        WHERE "systemId" = s.id AND kind = 'INADS_TEST' ORDER BY id DESC LIMIT 1) r ON true
     LEFT JOIN "SnmpPollState" p ON p."systemId" = s.id
     WHERE ($1::int IS NULL OR s.id = $1)`,
    systemId ?? null,
  );
  return rows.map((r) => ({
    systemId: Number(r.systemId),
    unreachableSince: r.unreachableSince,
    taskFailures: Number(r.taskFailures),
    configChangedAt: r.configChangedAt,
    lastInads:
      r.inadsId == null
        ? null
        : { id: Number(r.inadsId), status: r.inadsStatus ?? "", finishedAt: r.inadsFinishedAt, reason: r.inadsReason },
    snmpPoll: r.polledAt == null ? null : { polledAt: r.polledAt, ok: Boolean(r.pollOk), error: r.pollError },
  }));
}
