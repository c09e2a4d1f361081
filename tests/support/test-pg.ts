import path from "node:path";
import pg from "pg";
import { migrate, startEmbeddedPostgres } from "../../lib/db/index.ts";

// One template per test run, so several runs can share one server.
const TEMPLATE_DB = `klaxon_tpl_${process.pid}_${Date.now().toString(36)}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The test server: the one TEST_DATABASE_URL / DATABASE_URL names, or an embedded PostgreSQL
 * kept in .data/test-pg. A migrated template database makes each test file's database a cheap copy.
 */
export async function startTestServer(): Promise<{ adminUrl: string; template: string; stop: () => Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let adminUrl: string;
  let stop = async () => {};
  if (external) {
    adminUrl = external;
  } else {
    const port = Number(process.env.KLAXON_TEST_PG_PORT ?? 5439);
    const server = await startEmbeddedPostgres({ dataDir: path.resolve(".data/test"), port });
    adminUrl = server.url;
    stop = server.stop;
  }
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await client.end();
  }
  await migrate(templateUrl);
  return {
    adminUrl,
    template: TEMPLATE_DB,
    stop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`).finally(() => c.end());
      await stop();
    },
  };
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(
  adminUrl: string,
  label: string,
  template = TEMPLATE_DB,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${label
    .replace(/[^a-z0-9]+/gi, "_")
    .toLowerCase()
    .slice(0, 30)}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
