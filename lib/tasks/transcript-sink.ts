import type { TDb } from "../db/index.ts";
import { TASK_CHANNEL } from "./live-channel.ts";

/** A run's transcript stops growing here; the session goes on. */
const MAX_TRANSCRIPT = 1_000_000;

/**
 * Appends a run's transcript to its row as it happens, at most every `everyMs`, and tells the
 * pages (NOTIFY) so a person watching sees it live. The text arrives already without secrets.
 */
export class TranscriptSink {
  private buffer = "";
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private written = 0;

  constructor(
    private readonly db: TDb,
    private readonly runId: number,
    private readonly everyMs = 250,
  ) {}

  push(chunk: string): void {
    if (!chunk) return;
    this.buffer += chunk;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.everyMs);
  }

  /** Writes what is buffered; resolves when everything pushed so far is in the row. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let chunk = this.buffer;
    this.buffer = "";
    if (chunk && this.written >= MAX_TRANSCRIPT) chunk = "";
    else if (this.written + chunk.length > MAX_TRANSCRIPT)
      chunk = `${chunk.slice(0, MAX_TRANSCRIPT - this.written)}\n# transcript cut at ${MAX_TRANSCRIPT} characters\n`;
    this.written += chunk.length;
    if (chunk) {
      this.writing = this.writing
        .then(async () => {
          await this.db.$executeRawUnsafe(
            `WITH u AS (UPDATE "TaskRun" SET transcript = transcript || $2, "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1 RETURNING id)
             SELECT pg_notify($3, $1::text) FROM u`,
            this.runId,
            chunk,
            TASK_CHANNEL,
          );
        })
        .catch(() => undefined);
    }
    return this.writing;
  }
}
