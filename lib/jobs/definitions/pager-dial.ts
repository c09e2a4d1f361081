import { z } from "zod";
import { ZId } from "../../db/index.ts";
import { dataDir, loadEnv } from "../../config/index.ts";
import { deliverPage, ZPagerPage } from "../../notify/pager/index.ts";
import { loadSecretKey } from "../../secrets/index.ts";
import { defineJob } from "../job-definition.ts";

let key: Buffer | null = null;
const secretKey = () => {
  if (!key) {
    const env = loadEnv();
    key = loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
  }
  return key;
};

/**
 * One page for one Notification row, over a dial-out port of the modem pool: TAP 1.8 or numeric
 * (lib/notify/pager). A failed attempt throws, so pg-boss retries it with back-off; the job
 * router prefers another port (or node) for the retry. The password may be plain or
 * encrypted with lib/secrets (then it is not stored in clear in the job table).
 */
export const pagerDial = defineJob({
  id: "task.pager-dial",
  payload: z.object({ notificationId: ZId, page: ZPagerPage }),
  task: "pager-dial",
  conns: ["modem"],
  queue: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  handler: async ({ notificationId, page }, { db, nodeName, jobId, port, line, attempt }) => {
    await deliverPage(notificationId, page, { db, nodeName, jobId, port, line, attempt, secretKey });
  },
});
