import os from "node:os";
import path from "node:path";
import { z } from "zod";

const ZBool = z.enum(["1", "0", "true", "false", "yes", "no", ""]).transform((v) => v === "1" || v === "true" || v === "yes");

export const ZEnv = z.object({
  // No default: NODE_ENV=production set by the operator means JSON logs even in a terminal.
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,63}$/, "letters, digits, dot, dash, underscore (max 63)")
    .default(os.hostname().split(".")[0] || "klaxon"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  KLAXON_DATA_DIR: z.string().default("./.data"),
  KLAXON_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  /** Bound of the local intake spool (items waiting for the database) in MB; 0 turns it off. */
  KLAXON_SPOOL_MAX_MB: z.coerce.number().int().min(0).default(256),
  KLAXON_SECRET_KEY: z.string().min(32).optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  KLAXON_BOOTSTRAP_TOKEN: z.string().min(24).optional(),
  METRICS_ALLOW: z.string().default("127.0.0.1,::1,::ffff:127.0.0.1"),
  SNMP_TRAP_PORT: z.coerce.number().int().min(0).max(65535).default(162),
  SNMP_TRAP_HOST: z.string().default("0.0.0.0"),
  /** Modem ports: AT probe interval of idle ports, and the modems' `+++` guard time (S12). */
  MODEM_PROBE_MS: z.coerce.number().int().min(200).default(30_000),
  MODEM_GUARD_MS: z.coerce.number().int().min(20).default(1000),
  LEASE_RENEW_MS: z.coerce.number().int().min(100).default(1000),
  LEASE_TTL_MS: z.coerce.number().int().min(300).default(2000),
  HEARTBEAT_MS: z.coerce.number().int().min(100).default(1000),
  NODE_OFFLINE_MS: z.coerce.number().int().min(500).default(5000),
  // A returning preferred primary waits this long, healthy, before taking the lease back.
  LEASE_HOLDDOWN_MS: z.coerce.number().int().min(0).default(10_000),
  // Slot length of the primary-only dispatcher/SNMP-manager loops; how often the primary checks the
  // maintenance routines (open window, run-now request, run cut short).
  SINGLETON_TICK_MS: z.coerce.number().int().min(50).default(5000),
  MAINTENANCE_SLOT_MS: z.coerce.number().int().min(50).default(5000),
  // The SNMP manager polls each SNMP-reporting system's alarm table this often.
  SNMP_POLL_MS: z.coerce.number().int().min(100).default(300_000),
  // Server tasks: attempts per run (reach failures are retried, first after TASK_RETRY_DELAY_S,
  // doubling), failures in a row that mark a system unreachable, how long an INADS link test
  // waits for its test alarm, and the window in which scheduled tasks start.
  TASK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  TASK_RETRY_DELAY_S: z.coerce.number().int().min(1).default(30),
  TASK_UNREACHABLE_AFTER: z.coerce.number().int().min(1).default(3),
  INADS_TEST_WAIT_MIN: z.coerce.number().positive().max(1440).default(10),
  /** SAT session step limits in seconds (a slow CM's `list configuration all` may need more than 120 s). */
  SAT_CONNECT_TIMEOUT_S: z.coerce.number().positive().max(600).default(15),
  SAT_DIAL_TIMEOUT_S: z.coerce.number().positive().max(600).default(60),
  SAT_LOGIN_TIMEOUT_S: z.coerce.number().positive().max(600).default(20),
  SAT_COMMAND_TIMEOUT_S: z.coerce.number().positive().max(3600).default(120),
  TASK_WINDOW: z
    .string()
    .regex(/^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}(\s+\S+)?\s*$/, 'a window such as "01:00-05:00 UTC"')
    .default("01:00-05:00 UTC"),
  JOB_POLL_MS: z.coerce.number().int().min(100).default(1000),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).default(4),
  // pg-boss maintenance (expiry of jobs a dead node held, then retry) runs this often.
  JOB_MAINTENANCE_S: z.coerce.number().int().min(1).default(10),
  /** Backups (issue 9): where they go unless the Maintenance page names a directory; where pg_dump/pg_restore/psql are. */
  BACKUP_DIR: z.string().optional(),
  PG_BIN_DIR: z.string().optional(),
  KLAXON_SECURE_COOKIES: ZBool.default(false),
  /** Proxies whose X-Forwarded-Proto is believed (a request they forward over HTTPS gets a Secure cookie). */
  KLAXON_TRUSTED_PROXIES: z.string().default("127.0.0.1,::1,::ffff:127.0.0.1"),
  /** Behind a reverse proxy: take the client's address (login throttling, audit) from the X-Forwarded-For a trusted proxy sets. */
  KLAXON_TRUST_FORWARDED_FOR: ZBool.default(false),
  /** Set by `klaxon start` for its web and worker processes: the id of this node's process. */
  KLAXON_INSTANCE_ID: z.string().max(200).optional(),
  /** The address people reach Klaxon at: alarm links and acknowledge links in email start with it. */
  KLAXON_PUBLIC_URL: z.string().url().optional(),
  /** Acknowledge links in alarm email stop working after this many hours. */
  ACK_LINK_TTL_H: z.coerce.number().int().min(1).default(72),
  /** SMTP connect/greeting/socket timeout: a hanging mail server fails a send after this long. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** JSON lines or pretty lines; unset: pretty in a terminal unless NODE_ENV=production, JSON otherwise. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
});
export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Validated once per process; every entry point calls this first. Nothing else reads process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  if (cached && source === process.env) return cached;
  // An empty variable means "unset" (e.g. DATABASE_URL= to force the embedded database).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = ZEnv.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

export function dataDir(env: TEnv): string {
  return path.resolve(env.KLAXON_DATA_DIR);
}

/** BACKUP_DIR, else `backups` in the data directory. */
export function defaultBackupDir(env: TEnv): string {
  return path.resolve(env.BACKUP_DIR ?? path.join(dataDir(env), "backups"));
}
