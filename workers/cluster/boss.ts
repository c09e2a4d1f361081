import PgBoss from "pg-boss";
import type { TEnv } from "../../lib/config/index.ts";
import type { TLogger } from "../../lib/log/index.ts";

/** pg-boss for this node. Its maintenance expires jobs a dead node held, so they are retried elsewhere. */
export async function startBoss({ env, log }: { env: TEnv; log: TLogger }): Promise<PgBoss> {
  if (!env.DATABASE_URL) throw new Error("pg-boss needs DATABASE_URL");
  const boss = new PgBoss({
    connectionString: env.DATABASE_URL,
    schema: "pgboss",
    max: 4,
    maintenanceIntervalSeconds: env.JOB_MAINTENANCE_S,
    monitorStateIntervalSeconds: 60,
  });
  boss.on("error", (e) => log.error("pg-boss", { error: e }));
  await boss.start();
  return boss;
}
