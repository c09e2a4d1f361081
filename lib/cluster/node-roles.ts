import { z } from "zod";
import type { TDb } from "../db/index.ts";

export const ZNodeRoles = z.object({
  primaryPreferred: z.boolean(),
  primaryEligible: z.boolean(),
  autoAlarmReporting: z.boolean(),
  autoArchiving: z.boolean(),
  autoBackups: z.boolean(),
  taskInadsTest: z.boolean(),
  taskPostAlarmCommands: z.boolean(),
  taskConfigReports: z.boolean(),
  taskPagerDial: z.boolean(),
  connModem: z.boolean(),
  connRasPpp: z.boolean(),
  connDirectIp: z.boolean(),
});
export type TNodeRoles = z.infer<typeof ZNodeRoles>;
export const ROLE_KEYS = Object.keys(ZNodeRoles.shape) as (keyof TNodeRoles)[];

export function pickRoles(row: TNodeRoles): TNodeRoles {
  return Object.fromEntries(ROLE_KEYS.map((k) => [k, Boolean(row[k])])) as TNodeRoles;
}

export type TNodeSelf = { id: number; state: "ONLINE" | "DRAINING" | "OFFLINE"; roles: TNodeRoles };

/**
 * Heartbeat and role read in one statement: a node polls this every second, so a role or
 * drain change made by anyone reaches the running node within that second.
 * An OFFLINE mark (set by the primary's sweep while this node was unreachable) is lifted.
 */
export async function heartbeatAndReadSelf(db: TDb, name: string, instanceId?: string): Promise<TNodeSelf | null> {
  // With an instance id, only the process that owns the name may heartbeat it: a process that
  // froze, was taken for dead and replaced, gets null here and must stop.
  const rows = await db.$queryRaw<(TNodeRoles & { id: number; state: TNodeSelf["state"] })[]>`
    WITH n AS (
       UPDATE "ClusterNode" SET "heartbeatAt" = (now() AT TIME ZONE 'UTC'),
         state = CASE WHEN state = 'OFFLINE' THEN 'ONLINE'::"NodeState" ELSE state END
       WHERE name = ${name} AND (${instanceId ?? null}::text IS NULL OR "instanceId" = ${instanceId ?? null}::text)
       RETURNING id, state)
     SELECT n.id, n.state::text AS state, r.* FROM n JOIN "NodeRole" r ON r."nodeId" = n.id`;
  const r = rows[0];
  return r ? { id: Number(r.id), state: r.state, roles: pickRoles(r) } : null;
}
