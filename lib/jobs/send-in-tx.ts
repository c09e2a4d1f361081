import PgBoss from "pg-boss";
import type { TDb } from "../db/index.ts";
import type { TQueueName } from "./registry.ts";

// pg-boss builds the INSERT; the statement runs on the caller's Prisma transaction. This boss is
// never started: it only lends its SQL (`send` with the `db` option touches nothing else).
let sender: PgBoss | undefined;
const unstarted = { executeSql: () => Promise.reject(new Error("send-in-tx: pass a transaction")) };

const param = (v: unknown) =>
  v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v;

/**
 * Enqueues a job inside the caller's transaction, so the job exists exactly when the write that
 * causes it commits (a TaskRun row and its job, a command rule's match and its run).
 * The payload is checked by the queue's job definition when the job is claimed.
 */
export async function sendInTransaction(
  tx: TDb,
  queue: TQueueName,
  data: object,
  options: Omit<PgBoss.SendOptions, "db"> = {},
): Promise<string> {
  sender ??= new PgBoss({ db: unstarted, schema: "pgboss" });
  const db = {
    executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map(param)) }),
  };
  const id = await sender.send(queue, data, { ...options, db });
  if (!id) throw new Error(`pg-boss refused a job on ${queue}`);
  return id;
}
