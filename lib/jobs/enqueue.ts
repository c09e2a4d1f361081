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

/**
 * Creates the registered queues that do not exist yet. Several nodes starting at once can
 * deadlock inside pg-boss' create_queue (it creates a partition), so a loser retries.
 */
export async function ensureQueues(boss: Pick<PgBoss, "createQueue" | "getQueues">): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const { queue, job } of allQueues()) {
    if (existing.has(queue)) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(queue, { name: queue, ...job.queue });
        break;
      } catch (e) {
        if (attempt >= 8) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
      }
    }
  }
}
