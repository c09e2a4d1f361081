import type PgBoss from "pg-boss";
import { allQueues, queueEntry, type TQueueName, type TQueuePayloads } from "./registry.ts";

type TSender = Pick<PgBoss, "send">;

/**
 * Enqueue a job on a queue by name; the payload type follows from the name at compile time and
 * is validated again at run time. Pass `db` (pg-boss's { executeSql }) to enqueue inside the
 * caller's transaction.
 */
export async function enqueue<Q extends TQueueName>(
  boss: TSender,
  queue: Q,
  payload: TQueuePayloads[Q],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const entry = queueEntry(queue);
  if (!entry) throw new Error(`unknown queue ${queue}`);
  const data = entry.job.payload.parse(payload) as object;
  return boss.send(queue, data, options);
}

/** Creates every registered queue (idempotent in pg-boss 10). Run at worker start. */
export async function ensureQueues(boss: Pick<PgBoss, "createQueue">): Promise<void> {
  for (const { queue, job } of allQueues()) {
    await boss.createQueue(queue, { name: queue, ...job.queue });
  }
}
