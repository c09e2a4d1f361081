import pg from "pg";

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Exact row count of every table outside PostgreSQL's own schemas, keyed "schema.table". */
export async function tableRowCounts(url: string): Promise<Map<string, number>> {
  return withClient(url, async (c) => {
    const tables = await c.query<{ s: string; t: string }>(
      `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
       ORDER BY 1, 2`,
    );
    const counts = new Map<string, number>();
    for (const { s, t } of tables.rows) {
      const q = `SELECT count(*)::bigint AS n FROM ${c.escapeIdentifier(s)}.${c.escapeIdentifier(t)}`;
      counts.set(`${s}.${t}`, Number((await c.query<{ n: string }>(q)).rows[0]?.n ?? 0));
    }
    return counts;
  });
}

/** Nodes that sent a heartbeat in the last 10 s (none when the database has no cluster tables yet). */
export async function liveNodeNames(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const exists = await c.query(`SELECT 1 FROM pg_class WHERE relname = 'ClusterNode' AND relnamespace = 'public'::regnamespace`);
    if (!exists.rowCount) return [];
    const rows = await c.query<{ name: string }>(
      `SELECT name FROM "ClusterNode" WHERE state <> 'OFFLINE' AND "heartbeatAt" > (now() AT TIME ZONE 'UTC') - interval '10 seconds' ORDER BY name`,
    );
    return rows.rows.map((r) => r.name);
  });
}
