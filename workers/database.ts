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
    const started = await startEmbeddedPostgres({ dataDir: dataDir(env), port: env.KLAXON_PG_PORT, log }).catch(
      (e: unknown) => {
        throw new DatabaseUnreachable(
          `could not start or reach the embedded PostgreSQL in ${path.join(dataDir(env), "pg")} on 127.0.0.1:${env.KLAXON_PG_PORT}`,
          e,
          { DATABASE_URL: "(not set)", KLAXON_DATA_DIR: env.KLAXON_DATA_DIR, KLAXON_PG_PORT: String(env.KLAXON_PG_PORT) },
        );
      },
    );
    url = started.url;
    stop = started.stop;
    embedded = true;
    const how = started.startedHere
      ? "embedded PostgreSQL started"
      : started.adopted
        ? "embedded PostgreSQL left running by a stopped node: owned by this process again"
        : "joined the embedded PostgreSQL already running";
    log.info(how, { url: maskPassword(url) });
    // stderr: guidance for the person at the terminal, never part of a command's output. The
    // password is shown once, when it is generated; afterwards it stays in its file.
    if (started.passwordGenerated)
      console.error(`\nDatabase URL for a second node (keep it private):\n  DATABASE_URL='${url}'\n`);
    else log.info(`the database password for a second node is in ${path.join(dataDir(env), "pg-password")}`);
  }
  // A restore must find the database as it is: it migrates after loading the backup.
  const where: Record<string, string> = embedded
    ? { DATABASE_URL: "(not set)", KLAXON_DATA_DIR: env.KLAXON_DATA_DIR, KLAXON_PG_PORT: String(env.KLAXON_PG_PORT) }
    : { DATABASE_URL: maskPassword(url) };
  const applied = applyMigrations
    ? await migrate(url).catch((e: unknown) => {
        throw new DatabaseUnreachable(`could not use the database at ${maskPassword(url)}`, e, where);
      })
    : [];
  if (applied.length) log.info(`applied migrations: ${applied.join(", ")}`);
  return { url, stop, embedded };
}

const maskPassword = (url: string) => url.replace(/:[^:@/]+@/, ":****@");

/**
 * The CLI's answer when run without the node's environment: what it tried to reach, why that
 * failed, and the variables it went by (so `KLAXON_PG_PORT=… klaxon node list` is the obvious fix).
 */
export class DatabaseUnreachable extends Error {
  constructor(what: string, cause: unknown, vars: Record<string, string>) {
    const why = cause instanceof Error ? cause.message || cause.name : String(cause);
    const used = Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    super(`${what}: ${why || "no reason given"}\n  used: ${used}\n  run this command with the same environment as the node (DATABASE_URL or KLAXON_DATA_DIR and KLAXON_PG_PORT)`, { cause });
    this.name = "DatabaseUnreachable";
  }
}
