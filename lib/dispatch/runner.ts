import { ALARM_CHANNEL } from "../alarms/index.ts";
import { listen } from "../db/index.ts";
import type { TLogger } from "../log/index.ts";
import { deliverEmails, EMAIL_BATCH, type TEmailCtx } from "./email-delivery.ts";
import { advanceDue, closeAnswered, planNewAlarms } from "./engine.ts";
import { failLostPages } from "./lost-pages.ts";

export type TRunnerOpts = TEmailCtx & {
  databaseUrl: string;
  log: TLogger;
};

// Without a notification the dispatcher still looks this often: for escalation levels coming
// due, retries, and anything a lost NOTIFY (reconnect) hid.
const IDLE_MS = 250;
const CLOSE_SWEEP_MS = 2000;
const LOST_PAGE_SWEEP_MS = 30_000;

/**
 * The dispatcher of one primary epoch: runs until `stillPrimary()` turns false. Woken by every
 * alarm change (Postgres NOTIFY on the alarm channel) so a new alarm is mailed within
 * milliseconds, not a tick; every write it makes is fenced by nodeName + epoch.
 */
export async function runDispatcher(opts: TRunnerOpts): Promise<void> {
  let wake: () => void = () => {};
  let pending = true;
  let answered = true;
  const l = listen(
    opts.databaseUrl,
    ALARM_CHANNEL,
    (payload) => {
      pending = true;
      // Acknowledge / resolve (lifecycle) and intake batches that resolved something.
      if (!payload.startsWith("{") || !payload.includes('"resolved":0')) answered = true;
      wake();
    },
    () => {
      pending = true;
      answered = true;
    },
  );
  let lastClose = 0;
  let lastLostPages = 0;
  try {
    while (opts.stillPrimary()) {
      if (!pending)
        await new Promise<void>((r) => {
          const t = setTimeout(r, IDLE_MS);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      pending = false;
      if (!opts.stillPrimary()) break;
      try {
        while ((await planNewAlarms(opts)) > 0 && opts.stillPrimary()) {}
        if (answered || Date.now() - lastClose > CLOSE_SWEEP_MS) {
          answered = false;
          lastClose = Date.now();
          while ((await closeAnswered(opts)) > 0 && opts.stillPrimary()) {}
        }
        while ((await advanceDue(opts)) > 0 && opts.stillPrimary()) {}
        if (Date.now() - lastLostPages > LOST_PAGE_SWEEP_MS) {
          lastLostPages = Date.now();
          const lost = await failLostPages(opts.db, opts);
          if (lost) opts.log.warn(`${lost} page(s) whose job ended undelivered marked FAILED`);
        }
        // A full batch means more are waiting: go round again without sleeping.
        if ((await deliverEmails(opts)) >= EMAIL_BATCH) pending = true;
      } catch (e) {
        if (!opts.stillPrimary()) break;
        opts.log.warn("dispatch pass failed", { error: e });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await l.stop();
  }
}
