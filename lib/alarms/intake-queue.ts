import type { TDb } from "../db/index.ts";
import { logger, type TLogger } from "../log/index.ts";
import { ingest, spoolMark, type TIngestItem, type TIngestResult } from "./ingest.ts";
import type { TIntakeSpool, TSpoolStats } from "./intake-spool.ts";
import { recordRejects, type TRejectInput } from "./rejected-intake.ts";

export type TIntakeQueueOptions = {
  db: TDb;
  nodeName: string;
  /** Most items per transaction. */
  maxBatch?: number;
  /** How long the first item of a batch waits for company before the write starts. */
  flushMs?: number;
  /** Items held in memory while the database is away; beyond this new items are dropped and counted. */
  maxQueued?: number;
  /** RejectedIntake keeps at most this many rows (oldest trimmed by the writer). */
  keepRejects?: number;
  /** Per source address: rejects recorded per second, and the burst allowed above that. */
  rejectRatePerSec?: number;
  rejectBurst?: number;
  onCommitted?: (items: TIngestItem[], result: TIngestResult) => void;
  log?: TLogger;
  /**
   * This lane's local spool: every item is written there too, items beyond `maxQueued` wait
   * there instead of being dropped, and what the database does not have yet is replayed at start.
   */
  spool?: { spool: TIntakeSpool; lane: number };
};

export type TIntakeStats = TSpoolStats & {
  queued: number;
  /** Items waiting on disk only (beyond the memory bound, or not yet replayed). */
  spooled: number;
  committed: number;
  dropped: number;
  rejected: number;
  rejectsSuppressed: number;
  rejectsDropped: number;
  failures: number;
  batches: number;
};

export type TIntakeQueue = {
  /** Queues one decoded item; false when it was dropped (queue full or stopped). */
  enqueue(item: TIngestItem): boolean;
  /** Records bad input (rate-limited per source address, bounded in memory and in the table). */
  reject(r: TRejectInput): boolean;
  /** Resolves when everything queued so far is committed. */
  flush(): Promise<void>;
  /** Resolves when everything queued so far survives a crash: on disk in the spool, or committed. */
  durable(): Promise<void>;
  /** Flushes (waiting at most `timeoutMs`), then refuses new items. */
  stop(timeoutMs?: number): Promise<void>;
  stats(): TIntakeStats;
};

const MAX_PENDING_REJECTS = 2000;
const REJECT_BATCH = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NO_SPOOL: TSpoolStats = { spoolBytes: 0, spoolSegments: 0, spoolDropped: 0, spoolFsyncs: 0, spoolErrors: 0 };

/**
 * The one way intake (SNMP, INADS, ...) persists: items are collected and written through
 * `ingest` in batches (one transaction per batch, never per trap). When the database fails the
 * items stay queued and the writer retries with back-off; a batch that fails while the database
 * is healthy is split until the poison item is found and recorded as a reject.
 * With a spool, every item is also on local disk (see intake-spool.ts): memory holds the head
 * of the queue, the rest waits on disk and is read back in order as the writer catches up.
 */
export function createIntakeQueue(opts: TIntakeQueueOptions): TIntakeQueue {
  const { db, nodeName } = opts;
  const maxBatch = opts.maxBatch ?? 1000;
  const flushMs = opts.flushMs ?? 2;
  const maxQueued = opts.maxQueued ?? 100_000;
  const keepRejects = opts.keepRejects ?? 10_000;
  const rate = opts.rejectRatePerSec ?? 20;
  const burst = opts.rejectBurst ?? 100;
  const log = opts.log ?? logger(`intake ${nodeName}`);
  const spool = opts.spool?.spool;
  const lane = opts.spool?.lane ?? 0;

  let queue: TIngestItem[] = [];
  let seqs: number[] = [];
  let head = 0;
  let rejects: TRejectInput[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const s: Omit<TIntakeStats, keyof TSpoolStats> = {
    queued: 0,
    spooled: 0,
    committed: 0,
    dropped: 0,
    rejected: 0,
    rejectsSuppressed: 0,
    rejectsDropped: 0,
    failures: 0,
    batches: 0,
  };
  let writing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let waiters: (() => void)[] = [];
  let lastDropLog = 0;
  let splitLimit = maxBatch;
  // Spool state: items after `memTail` wait on disk only (`spilled`); at start, memTail is
  // unknown until the database says what it already has (null).
  let spilled = !!spool;
  let memTail: number | null = spool ? null : 0;
  let droppedUpTo = 0;

  const size = () => queue.length - head;

  // Over its size bound the spool drops its oldest segment (and counts what was not stored):
  // those items are skipped here too, in memory and on the way back from disk.
  spool?.onDrop((drop) => {
    droppedUpTo = Math.max(droppedUpTo, drop.lastSeq);
    if (spilled && memTail != null && memTail < drop.lastSeq) memTail = drop.lastSeq;
  });

  function schedule(): void {
    if (writing || timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void drain();
      },
      size() >= maxBatch ? 0 : flushMs,
    );
  }

  function settle(): void {
    if (size() > 0 || spilled || rejects.length > 0 || writing) return;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  }

  async function dbHealthy(): Promise<boolean> {
    try {
      await db.$queryRawUnsafe("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async function backOff(e: unknown): Promise<void> {
    const wait = Math.min(100 * 2 ** Math.min(s.failures, 6), 5000);
    const where = spool ? "kept in memory and in the local spool" : "kept in memory";
    log.error(`database unavailable; intake items ${where}, retrying`, { queued: size(), retryInMs: wait, error: e });
    await sleep(wait);
  }

  function compact(): void {
    if (head > 50_000 && head > queue.length / 2) {
      queue = queue.slice(head);
      seqs = seqs.slice(head);
      head = 0;
    }
  }

  /** Reads the next items waiting on disk into memory (at start: what the database lacks). */
  async function refill(): Promise<void> {
    if (!spool) return;
    if (memTail == null) {
      try {
        memTail = await spoolMark(db, { nodeName, lane });
        spool.committed(memTail);
      } catch (e) {
        s.failures += 1;
        return backOff(e);
      }
    }
    const entries = await spool.read(memTail, Math.max(maxBatch, Math.floor(maxQueued / 2)));
    for (const e of entries) {
      queue.push(e.item);
      seqs.push(e.seq);
    }
    const last = entries.at(-1)?.seq;
    if (last != null) memTail = last;
    s.spooled = Math.max(0, s.spooled - entries.length);
    // Caught up: nothing appended after what was just read (checked with no await in between).
    if (last == null || last >= spool.lastSeq()) {
      spilled = false;
      s.spooled = 0;
    }
  }

  async function writeBatch(): Promise<void> {
    // The oldest spool segment was dropped over the size bound: its items in memory go too.
    while (spool && size() > 0 && (seqs[head] as number) <= droppedUpTo) head += 1;
    if (size() === 0) return;
    const batch = queue.slice(head, head + Math.min(maxBatch, splitLimit));
    const lastSeq = spool ? (seqs[head + batch.length - 1] as number) : 0;
    try {
      const result = await ingest(db, batch, { nodeName, ...(spool ? { spool: { lane, seq: lastSeq } } : {}) });
      head += batch.length;
      compact();
      s.committed += batch.length;
      s.batches += 1;
      splitLimit = maxBatch;
      spool?.committed(lastSeq);
      opts.onCommitted?.(batch, result);
    } catch (e) {
      s.failures += 1;
      if (await dbHealthy()) {
        if (batch.length > 1) {
          splitLimit = Math.ceil(batch.length / 2);
          log.warn("batch failed on a healthy database; splitting it", { size: batch.length, error: e });
          return;
        }
        head += 1;
        log.error("item could not be stored; recorded as rejected", { error: e });
        const why = e instanceof Error ? e.message : String(e);
        pushReject({ source: sourceOf(batch[0]), reason: `could not store: ${why.slice(0, 300)}`, raw: JSON.stringify(batch[0]) });
        return;
      }
      await backOff(e);
    }
  }

  async function writeRejects(): Promise<void> {
    const batch = rejects.slice(0, REJECT_BATCH);
    try {
      await recordRejects(db, batch, { nodeName, keep: keepRejects });
      rejects = rejects.slice(batch.length);
    } catch (e) {
      // Rejects are evidence, not alarms: under a database outage they are the first thing to go.
      if (rejects.length > MAX_PENDING_REJECTS / 2) {
        s.rejectsDropped += batch.length;
        rejects = rejects.slice(batch.length);
      }
      log.warn("could not record rejected intake", { error: e });
      await sleep(200);
    }
  }

  async function drain(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (size() > 0 || spilled || rejects.length > 0) {
        if (size() > 0) await writeBatch();
        else if (spilled) await refill();
        else await writeRejects();
        if (stopDeadline && Date.now() > stopDeadline) break;
      }
    } finally {
      writing = false;
      settle();
    }
  }

  function pushReject(r: TRejectInput): boolean {
    if (rejects.length >= MAX_PENDING_REJECTS) {
      s.rejectsDropped += 1;
      return false;
    }
    rejects.push(r);
    s.rejected += 1;
    schedule();
    return true;
  }

  function allowReject(remote: string | null | undefined): boolean {
    const key = (remote ?? "").replace(/:\d+$/, "");
    const now = Date.now();
    if (buckets.size > 10_000) buckets.clear();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  function dropped(): false {
    s.dropped += 1;
    if (Date.now() - lastDropLog > 5000) {
      lastDropLog = Date.now();
      log.error(stopped ? "intake stopped: item dropped" : "intake queue full: items dropped", { dropped: s.dropped, queued: size() });
    }
    return false;
  }

  let stopDeadline: number | undefined;

  function flush(): Promise<void> {
    return new Promise<void>((resolve) => {
      waiters.push(resolve);
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (!writing) void drain();
      settle();
    });
  }

  if (spool) schedule();

  return {
    enqueue(item) {
      if (stopped) return dropped();
      if (spool && !spool.broken()) {
        const [seq] = spool.append([item]);
        if (spilled || size() >= maxQueued) {
          // Memory is full (or the start-up replay is still reading): the item waits on disk.
          spilled = true;
          s.spooled += 1;
        } else {
          queue.push(item);
          seqs.push(seq as number);
          memTail = seq as number;
        }
        schedule();
        return true;
      }
      if (size() >= maxQueued) return dropped();
      queue.push(item);
      seqs.push(0);
      schedule();
      return true;
    },
    reject(r) {
      if (stopped) return false;
      if (!allowReject(r.remote)) {
        s.rejectsSuppressed += 1;
        return false;
      }
      return pushReject(r);
    },
    flush,
    durable: () => (spool && !spool.broken() ? spool.durable().catch(() => flush()) : flush()),
    async stop(timeoutMs = 10_000) {
      stopDeadline = Date.now() + timeoutMs;
      await Promise.race([flush(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      stopped = true;
      if (timer) clearTimeout(timer);
      const left = size() + s.spooled;
      if (left > 0 && spool && !spool.broken())
        log.warn("stopped with items not yet stored: they wait in the spool for the next start", { left });
      else if (left > 0) log.error("stopped with items not stored", { lost: left });
      await spool?.close();
    },
    stats: () => ({ ...NO_SPOOL, ...spool?.stats(), ...s, queued: size() }),
  };
}

function sourceOf(item: TIngestItem | undefined) {
  if (!item) return "SNMP" as const;
  switch (item.kind) {
    case "raise":
      return item.alarm.source;
    case "clear":
      return item.clear.source;
    case "event":
      return item.event.source;
  }
}
