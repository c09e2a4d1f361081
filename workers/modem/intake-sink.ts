import { ingest, type TIngestItem } from "../../lib/alarms/index.ts";
import type { TDb } from "../../lib/db/index.ts";

export type TIntakeSink = (items: TIngestItem[]) => Promise<void>;

/**
 * Where modem ports hand their alarms. Until the shared intake queue (SNMP intake) exists this
 * stores each acknowledged batch directly with `ingest`, which is also durable before the ACK.
 * Swap here, not in the port code.
 */
export function directIngestSink(db: TDb, nodeName: string): TIntakeSink {
  return async (items) => {
    await ingest(db, items, { nodeName });
  };
}

/**
 * The node's shared intake queue: records are acknowledged once they survive a crash — on disk
 * in the node's spool (so a call is acknowledged while the database is away), or committed.
 */
export function queueSink(queue: { enqueue(item: TIngestItem): boolean; durable(): Promise<void> }): TIntakeSink {
  return async (items) => {
    for (const item of items) if (!queue.enqueue(item)) throw new Error("intake queue refused the record (full or stopping)");
    await queue.durable();
  };
}
