import type { TDb } from "../../lib/db/index.ts";

/** What the job router keeps in a job's pg-boss output between runs. */
export type TRouting = {
  /** `node:device` of every port a run of this job failed on: retries prefer other ports. */
  triedPorts: string[];
  /** Times the job was handed back without a run (no port could be lent, or only failed ports were idle). */
  handBacks: number;
  /** A node that had only ports this job failed on stands back until `until` (its own clock, ms). */
  holdOff?: { node: string; until: number };
  message?: string;
};

export function routingOf(output: unknown): TRouting {
  const o = (output && typeof output === "object" ? output : {}) as Partial<TRouting>;
  const h = o.holdOff;
  return {
    triedPorts: Array.isArray(o.triedPorts) ? o.triedPorts.filter((p): p is string => typeof p === "string") : [],
    handBacks: typeof o.handBacks === "number" ? o.handBacks : 0,
    ...(h && typeof h.node === "string" && typeof h.until === "number" ? { holdOff: { node: h.node, until: h.until } } : {}),
  };
}

/**
 * Hands an active job back to its queue without spending a retry (graphile-worker's
 * returnJob): pg-boss counts a retry when it fetches a job that has `started_on`, so clearing
 * it makes the next fetch a fresh start of the same attempt. `delayMs` gives other nodes the
 * first chance at it.
 */
export async function returnJob(db: TDb, queue: string, id: string, routing: TRouting, delayMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE pgboss.job
    SET state = (CASE WHEN retry_count > 0 THEN 'retry' ELSE 'created' END)::pgboss.job_state,
        started_on = NULL,
        start_after = now() + ${delayMs} * interval '1 millisecond',
        output = ${JSON.stringify(routing)}::jsonb
    WHERE name = ${queue} AND id = ${id}::uuid AND state = 'active'`;
}
