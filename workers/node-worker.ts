import PgBoss from "pg-boss";
import { acquireOrRenewLease, heartbeat, markOffline, registerNode, releaseLease } from "../lib/cluster/index.ts";
import { klaxonVersion, loadEnv } from "../lib/config/index.ts";
import { getDb } from "../lib/db/index.ts";
import { logger, setLogLevel } from "../lib/log/index.ts";
import { startIntake } from "./intake/index.ts";

/**
 * The node's worker process: registration, heartbeat, primary lease, pg-boss and (added by
 * the intake and cluster modules) the listeners and modem ports. `klaxon start` supervises it.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  setLogLevel(env.LOG_LEVEL);
  const log = logger(`worker ${env.NODE_NAME}`);
  if (!env.DATABASE_URL) throw new Error("the worker needs DATABASE_URL (klaxon start provides it)");
  const db = getDb(env.DATABASE_URL);
  const nodeName = env.NODE_NAME;

  await registerNode(db, { name: nodeName, version: klaxonVersion(), url: `http://localhost:${env.PORT}` });
  log.info("registered");

  const boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: "pgboss", max: 4 });
  boss.on("error", (e) => log.error("pg-boss", { error: String(e) }));
  await boss.start();

  // Alarm intake (SNMP trap listener + batch writer; INADS ports feed `intake.queue`).
  const intake = await startIntake({ env, db, nodeName });

  let epoch: number | null = null;
  const beat = setInterval(() => {
    heartbeat(db, nodeName).catch((e) => log.warn("heartbeat failed", { error: String(e) }));
  }, env.HEARTBEAT_MS);
  const lease = setInterval(async () => {
    try {
      const held = await acquireOrRenewLease(db, { nodeName, ttlMs: env.LEASE_TTL_MS });
      if (held !== epoch) log.info(held == null ? "not primary" : `primary (epoch ${held})`);
      epoch = held;
    } catch (e) {
      log.warn("lease renewal failed", { error: String(e) });
      epoch = null;
    }
  }, env.LEASE_RENEW_MS);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${signal})`);
    clearInterval(beat);
    clearInterval(lease);
    await intake.stop().catch((e) => log.error("intake stop failed", { error: String(e) }));
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
    await releaseLease(db, nodeName).catch(() => {});
    await markOffline(db, nodeName).catch(() => {});
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
