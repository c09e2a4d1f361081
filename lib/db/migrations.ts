import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withSchemaEngine } from "./schema-engine.ts";

const ROOT = process.cwd();
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const NO_FILTER = { externalTables: [], externalEnums: [] };
// Any constant works; it only has to be the same on every node of a cluster.
const MIGRATE_LOCK_KEY = 0x6b6c78; // "klx"

function schemaText(): string {
  return readFileSync(SCHEMA_PATH, "utf8");
}

function migrationsList() {
  const dirs = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/**
 * Applies pending migrations, recorded in _prisma_migrations as `prisma migrate deploy` does.
 * Serialised by a Postgres advisory lock so N nodes starting at once migrate once.
 */
export async function migrate(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
    return await withSchemaEngine(connectionString, schemaText(), async (engine) => {
      const out = await engine.applyMigrations({ migrationsList: migrationsList(), filters: NO_FILTER });
      return out.appliedMigrationNames;
    });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** SQL that takes the migrations folder to schema.prisma; empty when they agree. */
export async function pendingSchemaDiff(connectionString: string): Promise<string> {
  return withSchemaEngine(connectionString, schemaText(), async (engine) => {
    const out = await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schemaText() }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return out.stdout ?? "";
  });
}

function isEmptyScript(sql: string): boolean {
  return sql.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("--"));
}

/** Writes prisma/migrations/<ts>_<name>/migration.sql from the schema diff. Returns its path or null. */
export async function createMigration(connectionString: string, name: string): Promise<string | null> {
  const sql = await pendingSchemaDiff(connectionString);
  if (isEmptyScript(sql)) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_")}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "migration.sql");
  writeFileSync(file, sql);
  return file;
}

export { isEmptyScript };

/** How many rows the migrations insert themselves, per table ("public.Table"), read from the migration files. */
export function seededTables(): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of migrationsList().migrationDirectories)
    for (const hit of m.migrationFile.content.value.matchAll(/INSERT\s+INTO\s+"([^"]+)"/gi))
      out.set(`public.${hit[1]}`, (out.get(`public.${hit[1]}`) ?? 0) + 1);
  return out;
}
