import { StaleEpochError } from "../../../lib/cluster/index.ts";
import { dataDir } from "../../../lib/config/index.ts";
import { pollReplies, replyPollDue } from "../../../lib/dispatch/index.ts";
import { loadImapConfig } from "../../../lib/notify/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

/**
 * Acknowledge by replying: the primary reads the reply mailbox (Settings → Email replies) every
 * `pollSec` and acknowledges alarms whose mail was answered (lib/dispatch/reply-ack). Its slot
 * only decides whether a look is due; the look's writes carry the slot's epoch and are fenced.
 */
export function imapRepliesSingleton({ db, env, nodeName, log }: TSingletonDeps): TSingleton {
  let secretKey: Buffer | undefined;
  let lastError: string | null = null;
  return {
    kind: "imap-replies",
    slotMs: env.SINGLETON_TICK_MS,
    enabled: () => true,
    detail: "looked at the reply mailbox when due",
    after: async ({ epoch }) => {
      secretKey ??= loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
      const cfg = await loadImapConfig(db, secretKey);
      if (!cfg || !(await replyPollDue(db, cfg))) return;
      try {
        const r = await pollReplies({ db, key: secretKey, nodeName, epoch, cfg, log });
        if (r.handled) log.info(`reply mailbox: ${r.handled} repl(ies) handled, ${r.acknowledged} alarm(s) acknowledged`);
        if (lastError) log.info("reply mailbox readable again");
        lastError = null;
      } catch (e) {
        if (e instanceof StaleEpochError) throw e;
        const text = e instanceof Error ? e.message : String(e);
        // A mailbox that stays unreachable is logged once per distinct reason, not every poll.
        if (text !== lastError) log.warn("reply mailbox poll failed", { error: e });
        lastError = text;
      }
    },
  };
}
