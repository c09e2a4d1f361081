/** libpq's own URI parameters; anything else in a DATABASE_URL (Prisma's `schema`, …) would make pg_dump refuse the URI. */
const LIBPQ_PARAMS: Record<string, string> = {
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  connect_timeout: "PGCONNECT_TIMEOUT",
  application_name: "PGAPPNAME",
  target_session_attrs: "PGTARGETSESSIONATTRS",
  options: "PGOPTIONS",
};

/**
 * The environment that points pg_dump / pg_restore / psql at `url`. The password travels in
 * PGPASSWORD, never on the command line, where `ps` would show it to every user of the host.
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: u.searchParams.get("host") ?? (decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")) || "localhost"),
    PGPORT: u.port || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  for (const [param, variable] of Object.entries(LIBPQ_PARAMS)) {
    const v = u.searchParams.get(param);
    if (v != null) env[variable] = v;
  }
  return env;
}

/** The database name of a connection URL, for file names and messages. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/** The URL with its password masked, for messages. */
export function maskUrl(url: string): string {
  return url.replace(/:[^:@/]+@/, ":****@");
}
