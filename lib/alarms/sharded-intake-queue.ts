import path from "node:path";
import type { TIngestItem } from "./ingest.ts";
import { createIntakeQueue, type TIntakeQueue, type TIntakeQueueOptions, type TIntakeStats } from "./intake-queue.ts";
import { openIntakeSpool } from "./intake-spool.ts";
import { logger } from "../log/index.ts";

function productIdOf(item: TIngestItem): string {
  switch (item.kind) {
    case "raise":
      return item.alarm.productId ?? "";
    case "clear":
      return item.clear.productId;
    case "event":
      return item.event.productId ?? "";
  }
}

function laneOf(key: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}

export type TShardedIntakeOptions = Omit<TIntakeQueueOptions, "spool"> & {
  lanes?: number;
  /** A local spool per lane in `<dir>/lane-<n>` (see intake-spool.ts), bounded to `maxBytes` in all. */
  spool?: { dir: string; maxBytes: number };
};

/**
 * Several batch writers side by side, so ingest uses more than one database connection (and
 * core) at once. Items are routed by product ID: one system's raises and clears always share a
 * lane, so they are committed in the order they arrived.
 */
export function createShardedIntakeQueue(opts: TShardedIntakeOptions): TIntakeQueue {
  const { spool, lanes: laneCount, ...rest } = opts;
  const count = Math.max(1, laneCount ?? 2);
  const log = opts.log ?? logger(`intake ${opts.nodeName}`);
  const lanes = Array.from({ length: count }, (_, lane) =>
    createIntakeQueue({
      ...rest,
      log,
      maxQueued: Math.ceil((opts.maxQueued ?? 100_000) / count),
      ...(spool
        ? { spool: { lane, spool: openIntakeSpool({ dir: path.join(spool.dir, `lane-${lane}`), maxBytes: spool.maxBytes / count, log }) } }
        : {}),
    }),
  );
  const first = lanes[0] as TIntakeQueue;
  return {
    enqueue: (item) => (lanes[laneOf(productIdOf(item), count)] as TIntakeQueue).enqueue(item),
    reject: (r) => first.reject(r),
    flush: async () => {
      await Promise.all(lanes.map((l) => l.flush()));
    },
    durable: async () => {
      await Promise.all(lanes.map((l) => l.durable()));
    },
    stop: async (timeoutMs) => {
      await Promise.all(lanes.map((l) => l.stop(timeoutMs)));
    },
    stats: () => {
      const sum = {} as TIntakeStats;
      for (const l of lanes) {
        for (const [k, v] of Object.entries(l.stats()) as [keyof TIntakeStats, number][]) sum[k] = (sum[k] ?? 0) + v;
      }
      return sum;
    },
  };
}
