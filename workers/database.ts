import path from "node:path";
import { dataDir, type TEnv } from "../lib/config/index.ts";
import { migrate, startEmbeddedPostgres } from "../lib/db/index.ts";
import { logger } from "../lib/log/index.ts";

const log = logger("db");

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in KLAXON_DATA_DIR. Migrated either way unless told not to. */
export async function resolveDatabase(
  env: TEnv,
  { migrate: applyMigrations = true }: { migrate?: boolean } = {},
): Promise<{ url: string; stop: () => Promise<void>; embedded: boolean }> {
  let url = env.DATABASE_URL;
  let stop = async () => {};
  let embedded = false;
  if (!url) {
    const started = await startEmbeddedPostgres({ dataDir: dataDir(env), port: env.KLAXON_PG_PORT, log: (line) => log.debug(line) });
    url = started.url;
    stop = started.stop;
    embedded = true;
    const how = started.startedHere
      ? "embedded PostgreSQL started"
      : started.adopted
        ? "embedded PostgreSQL left running by a stopped node: owned by this process again"
        : "joined the embedded PostgreSQL already running";
    log.info(how, { url: url.replace(/:[^:@/]+@/, ":****@") });
    // stderr: guidance for the person at the terminal, never part of a command's output. The
    // password is shown once, when it is generated; afterwards it stays in its file.
    if (started.passwordGenerated)
      console.error(`\nDatabase URL for a second node (keep it private):\n  DATABASE_URL='${url}'\n`);
    else log.info(`the database password for a second node is in ${path.join(dataDir(env), "pg-password")}`);
  }
  // A restore must find the database as it is: it migrates after loading the backup.
  const applied = applyMigrations ? await migrate(url) : [];
  if (applied.length) log.info(`applied migrations: ${applied.join(", ")}`);
  return { url, stop, embedded };
}
