import fs from "node:fs";
import path from "node:path";
import type { TLogger } from "../log/index.ts";
import type { TIngestItem } from "./ingest.ts";

/*
 * A local, append-only spool of intake items, one per intake lane, so that what a node has
 * received survives the node (kill -9, power loss) while the database is away — the disk
 * buffer of rsyslog's disk-assisted queues and Vector. Every item gets a rising sequence number
 * and is written here before or while it is stored; the database keeps, per node and lane, the
 * highest sequence number committed (in the same transaction as the alarms), so a replay after
 * a crash stores exactly the items the database does not have yet: once, never twice.
 *
 * Files: `seg-<firstSeq>.log`, one JSON line per item (`{"s":seq,"i":item}`). Writes are
 * grouped: one write and one fdatasync for everything appended since the last one. Segments
 * whose items are all committed are deleted; above `maxBytes` the oldest segment is dropped
 * and its uncommitted items counted as lost.
 */

export type TSpoolEntry = { seq: number; item: TIngestItem };

export type TSpoolStats = { spoolBytes: number; spoolSegments: number; spoolDropped: number; spoolFsyncs: number; spoolErrors: number };

/** The dropped segment's highest sequence number: everything up to it is gone from disk. */
export type TSpoolDrop = { lastSeq: number };

export type TIntakeSpool = {
  /** Appends in order and returns the items' sequence numbers; `durable()` says when they are on disk. */
  append(items: TIngestItem[]): number[];
  /** Resolves once everything appended so far is on disk (rejects when the disk failed). */
  durable(): Promise<void>;
  lastSeq(): number;
  /** Up to `limit` entries with a sequence number above `after`, oldest first. */
  read(after: number, limit: number): Promise<TSpoolEntry[]>;
  /** Everything up to `seq` is in the database: segments wholly at or below it are deleted. */
  committed(seq: number): void;
  /** Called (synchronously) before a segment is dropped over the size bound. */
  onDrop(fn: (drop: TSpoolDrop) => void): void;
  /** The disk refused a write: items are kept in memory only from then on. */
  broken(): boolean;
  stats(): TSpoolStats;
  close(): Promise<void>;
};

type TSegment = { file: string; firstSeq: number; lastSeq: number; bytes: number };

export type TSpoolOptions = { dir: string; maxBytes: number; segmentBytes?: number; log: TLogger };

const SEGMENT = /^seg-(\d+)\.log$/;

// Dates (occurredAt) travel as ISO text in the JSON lines.
const revive = (key: string, value: unknown) => (key === "occurredAt" && typeof value === "string" ? new Date(value) : value);

function parseLine(line: string): TSpoolEntry | null {
  try {
    const v = JSON.parse(line, revive) as { s?: unknown; i?: unknown };
    return typeof v.s === "number" && v.i && typeof v.i === "object" ? { seq: v.s, item: v.i as TIngestItem } : null;
  } catch {
    return null;
  }
}

/** Reads a segment whole, truncating a torn last line (a crash mid-write); returns its entries. */
function loadSegment(file: string, log: TLogger): TSpoolEntry[] {
  const text = fs.readFileSync(file, "utf8");
  const entries: TSpoolEntry[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf("\n", at);
    const entry = nl < 0 ? null : parseLine(text.slice(at, nl));
    if (!entry) {
      log.warn("intake spool: torn or unreadable tail cut off", { file, keptBytes: Buffer.byteLength(text.slice(0, at)) });
      fs.truncateSync(file, Buffer.byteLength(text.slice(0, at)));
      break;
    }
    entries.push(entry);
    at = nl + 1;
  }
  return entries;
}

export function openIntakeSpool(opts: TSpoolOptions): TIntakeSpool {
  const { dir, maxBytes, log } = opts;
  const segmentBytes = Math.max(64 * 1024, Math.min(opts.segmentBytes ?? 8 * 1024 * 1024, Math.floor(maxBytes / 4)));
  fs.mkdirSync(dir, { recursive: true });
  const segments: TSegment[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => SEGMENT.test(n))) {
    const file = path.join(dir, name);
    const entries = loadSegment(file, log);
    if (entries.length === 0) {
      fs.rmSync(file, { force: true });
      continue;
    }
    const bytes = fs.statSync(file).size;
    segments.push({ file, firstSeq: (entries[0] as TSpoolEntry).seq, lastSeq: (entries[entries.length - 1] as TSpoolEntry).seq, bytes });
  }
  segments.sort((a, b) => a.firstSeq - b.firstSeq);
  let last = segments.at(-1)?.lastSeq ?? 0;

  const st: TSpoolStats = { spoolBytes: 0, spoolSegments: 0, spoolDropped: 0, spoolFsyncs: 0, spoolErrors: 0 };
  let fd: number | null = null;
  let active: TSegment | null = null;
  let pending: { seq: number; line: string }[] = [];
  let writeScheduled = false;
  let syncing = false;
  // Written since the last fdatasync started; waiters of the next one.
  let dirty = false;
  let waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  let committedSeq = 0;
  const dropListeners: ((d: TSpoolDrop) => void)[] = [];

  const totalBytes = () => segments.reduce((n, s) => n + s.bytes, 0);

  function fail(e: unknown): void {
    failed = e instanceof Error ? e : new Error(String(e));
    st.spoolErrors += 1;
    log.error("intake spool: the disk refused a write; intake items are kept in memory only", { error: failed, dir });
    for (const w of waiting.splice(0)) w.reject(failed);
  }

  // A descriptor an fdatasync is still running on is closed when that one returns.
  const closeLater: number[] = [];
  function roll(firstSeq: number): void {
    if (fd != null) {
      fs.fdatasyncSync(fd);
      if (syncing) closeLater.push(fd);
      else fs.closeSync(fd);
    }
    const file = path.join(dir, `seg-${firstSeq}.log`);
    fd = fs.openSync(file, "a", 0o600);
    active = { file, firstSeq, lastSeq: firstSeq, bytes: 0 };
    segments.push(active);
  }

  function dropOldest(): void {
    while (segments.length > 1 && totalBytes() > maxBytes) {
      const oldest = segments[0] as TSegment;
      if (oldest === active) break;
      st.spoolDropped += loadSegment(oldest.file, log).filter((e) => e.seq > committedSeq).length;
      for (const l of dropListeners) l({ lastSeq: oldest.lastSeq });
      fs.rmSync(oldest.file, { force: true });
      segments.shift();
      log.error("intake spool full: oldest items dropped", { dir, upToSeq: oldest.lastSeq, droppedSoFar: st.spoolDropped });
    }
  }

  function writeChunk(lines: { seq: number; line: string }[]): void {
    if (lines.length === 0) return;
    const chunk = lines.map((p) => p.line).join("");
    fs.writeSync(fd as number, chunk);
    const seg = active as unknown as TSegment;
    seg.bytes += Buffer.byteLength(chunk);
    seg.lastSeq = (lines[lines.length - 1] as { seq: number }).seq;
  }

  function writePending(): void {
    writeScheduled = false;
    if (failed || pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      let chunk: { seq: number; line: string }[] = [];
      let bytes = 0;
      for (const p of batch) {
        if (!active || (active as TSegment).bytes + bytes >= segmentBytes) {
          writeChunk(chunk);
          chunk = [];
          bytes = 0;
          roll(p.seq);
        }
        chunk.push(p);
        bytes += p.line.length;
      }
      writeChunk(chunk);
      dirty = true;
      dropOldest();
      sync();
    } catch (e) {
      fail(e);
    }
  }

  function sync(): void {
    if (syncing || !dirty || fd == null || failed) return;
    syncing = true;
    dirty = false;
    const these = waiting;
    waiting = [];
    st.spoolFsyncs += 1;
    fs.fdatasync(fd, (e) => {
      syncing = false;
      for (const old of closeLater.splice(0)) fs.closeSync(old);
      if (e) return fail(e);
      for (const w of these) w.resolve();
      if (pending.length > 0) writePending();
      else if (dirty) sync();
      // Nothing written since that fdatasync began: it covered these waiters too.
      else for (const w of waiting.splice(0)) w.resolve();
    });
  }

  function scheduleWrite(): void {
    if (writeScheduled) return;
    writeScheduled = true;
    setImmediate(writePending);
  }

  return {
    append(items) {
      const seqs: number[] = [];
      // Time-based, so numbers keep rising across restarts even when the spool starts empty.
      for (const item of items) {
        last = Math.max(last + 1, Date.now() * 1000);
        seqs.push(last);
        if (!failed) pending.push({ seq: last, line: `${JSON.stringify({ s: last, i: item })}\n` });
      }
      if (!failed) scheduleWrite();
      return seqs;
    },
    durable() {
      if (failed) return Promise.reject(failed);
      if (pending.length === 0 && !dirty && !syncing) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (pending.length === 0) sync();
      });
    },
    lastSeq: () => last,
    async read(after, limit) {
      if (pending.length > 0) writePending();
      const out: TSpoolEntry[] = [];
      for (const seg of [...segments]) {
        if (seg.lastSeq <= after) continue;
        const text = await fs.promises.readFile(seg.file, "utf8").catch(() => "");
        for (const line of text.split("\n")) {
          const e = line ? parseLine(line) : null;
          if (e && e.seq > after) out.push(e);
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
    committed(seq) {
      committedSeq = Math.max(committedSeq, seq);
      while (segments.length > 0 && segments[0] !== active && (segments[0] as TSegment).lastSeq <= committedSeq) {
        fs.rmSync((segments.shift() as TSegment).file, { force: true });
      }
    },
    onDrop(fn) {
      dropListeners.push(fn);
    },
    broken: () => failed !== null,
    stats: () => ({ ...st, spoolBytes: totalBytes(), spoolSegments: segments.length }),
    async close() {
      writePending();
      await this.durable().catch(() => {});
      if (fd != null && !failed) {
        fs.fdatasyncSync(fd);
        fs.closeSync(fd);
      }
      fd = null;
    },
  };
}
