import { stdSerializers } from "pino";

/**
 * Field names whose values never reach a log line. pino's redaction needs explicit paths, so
 * each name is listed at the top of a record and up to three objects deep (`error.meta.x`,
 * `config.smtp.auth.pass`); a secret nested deeper than that is the caller's fault.
 */
const SECRET_KEYS = [
  "password",
  "pass",
  "passwd",
  "passwordHash",
  "satPassword",
  "pppPassword",
  "pagerPassword",
  "secret",
  "secretKey",
  "token",
  "tokenHash",
  "bootstrapToken",
  "apiKey",
  "key",
  "authKey",
  "privKey",
  "community",
  "snmpCommunity",
  "authorization",
  "cookie",
  "KLAXON_SECRET_KEY",
  "ADMIN_PASSWORD",
  "KLAXON_BOOTSTRAP_TOKEN",
];
/** Connection strings are useful in a log once their password is cut out, so these are masked, not hidden. */
const URL_KEYS = ["url", "databaseUrl", "DATABASE_URL", "connectionString"];
const DEPTHS = ["", "*.", "*.*.", "*.*.*."];

export const REDACT_PATHS = DEPTHS.flatMap((prefix) => [...SECRET_KEYS, ...URL_KEYS].map((k) => `${prefix}${k}`));
const urlKeys = new Set(URL_KEYS);

export const CENSORED = "[redacted]";

/** `scheme://user:password@host` → `scheme://user:****@host`, anywhere in a string. */
export function scrubUrls(text: string): string {
  return text.includes("://") ? text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, "$1****@") : text;
}

export function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? "";
  if (urlKeys.has(key) && typeof value === "string") return scrubUrls(value);
  return value === undefined || value === null ? value : CENSORED;
}

/**
 * pino's error serializer (type, message and stack with causes, own fields such as `code` and
 * Prisma's `meta`), with connection-string passwords cut out of the message and stack. Applied to
 * `error`, the key callers use, and `err`, pino's own.
 */
export function errorSerializer(value: unknown): unknown {
  const out = stdSerializers.err(value as Error) as unknown;
  if (out === value || typeof out !== "object" || out === null) return typeof out === "string" ? scrubUrls(out) : out;
  const e = out as { message?: unknown; stack?: unknown };
  if (typeof e.message === "string") e.message = scrubUrls(e.message);
  if (typeof e.stack === "string") e.stack = scrubUrls(e.stack);
  return out;
}
