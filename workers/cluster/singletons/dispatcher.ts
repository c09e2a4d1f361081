import { PAGER_QUEUE, runDispatcher, ZPageJob } from "../../../lib/dispatch/index.ts";
import { dataDir } from "../../../lib/config/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

/**
 * The dispatcher: alarm → escalation plan → email and pager notifications, on the primary only.
 * Its slot starts one run per primary epoch that lasts as long as the epoch (woken by alarm
 * NOTIFYs, not by the slot tick); every write carries the epoch and is fenced by the database.
 */
export function dispatcherSingleton({ db, env, nodeName, lease, boss, log }: TSingletonDeps): TSingleton {
  const publicUrl = (env.KLAXON_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return {
    kind: "dispatcher",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "dispatcher started for this epoch",
    after: async ({ epoch }) => {
      if (!env.DATABASE_URL) return;
      log.info(`dispatcher running at epoch ${epoch}`);
      await runDispatcher({
        db,
        nodeName,
        epoch,
        key: loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) }),
        publicUrl,
        domain: new URL(publicUrl).hostname || "klaxon.local",
        ackLinkTtlMs: env.ACK_LINK_TTL_H * 3_600_000,
        smtpTimeoutMs: env.SMTP_TIMEOUT_MS,
        stillPrimary: () => lease.epoch() === epoch,
        databaseUrl: env.DATABASE_URL,
        log,
        // pg-boss's `db` option: the job row is written by the dispatcher's own transaction.
        sendPage: async (job, sql) => {
          await boss.send(PAGER_QUEUE, ZPageJob.parse(job), {
            db: { executeSql: async (text, values) => ({ rows: await sql(text, values) }) },
          });
        },
      });
      log.info(`dispatcher stopped (epoch ${epoch} over)`);
    },
  };
}
