import { inspect, parseArgs } from "node:util";
import { createApiToken, createUser, ZRole } from "../lib/auth/index.ts";
import { audit } from "../lib/audit/index.ts";
import { loadEnv } from "../lib/config/index.ts";
import { createMigration, getDb } from "../lib/db/index.ts";
import { logToStderr } from "../lib/log/index.ts";
import { resolveDatabase } from "./database.ts";
import { startNode } from "./supervisor.ts";

const USAGE = `klaxon <command>

  start [--dev]                                 start this cluster node (web + worker)
  migrate                                       apply pending database migrations
  user create --email E --password P --role R [--name N]
  token create --name N --role R                print a new API token (shown once)
  node list | drain NAME | resume NAME | remove NAME   cluster membership
  backup [--dir DIR]                            pg_dump the database; prints the backup file's path
  restore FILE [--force]                        restore a backup into the database (--force: replace what is there)
  new-migration NAME                            (developers) write a migration from schema.prisma

Roles: admin, technician, viewer. Configuration comes from the environment (see README).`;

async function withDb<T>(fn: (db: ReturnType<typeof getDb>, url: string) => Promise<T>, opts?: { migrate?: boolean }): Promise<T> {
  const env = loadEnv();
  const database = await resolveDatabase(env, opts);
  const db = getDb(database.url);
  try {
    return await fn(db, database.url);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

function role(v: string | undefined) {
  const parsed = ZRole.safeParse(String(v ?? "").toUpperCase());
  if (!parsed.success) throw new Error(`unknown role "${v}": use admin, technician or viewer`);
  return parsed.data;
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: sub?.startsWith("--") ? [sub, ...rest] : rest,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      dev: { type: "boolean" },
      dir: { type: "string" },
      force: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (command !== "start") logToStderr();
  switch (command) {
    case "start":
      return startNode({ dev: !!values.dev });
    case "migrate":
      return withDb(async () => console.log("database is up to date"));
    case "user":
      if (sub !== "create" || !values.email || !values.password)
        throw new Error("usage: klaxon user create --email E --password P --role R");
      role(values.role ?? "viewer"); // a typo fails here, before any database starts
      return withDb(async (db) => {
        const u = await createUser(db, {
          email: values.email!,
          password: values.password!,
          role: role(values.role ?? "viewer"),
          name: values.name ?? values.email!,
        });
        await audit(db, { actor: { type: "SYSTEM", name: "cli" }, action: "user.create", target: u.email });
        console.log(`created ${u.role.toLowerCase()} ${u.email}`);
      });
    case "token":
      if (sub !== "create" || !values.name) throw new Error("usage: klaxon token create --name N --role R");
      role(values.role ?? "viewer");
      return withDb(async (db) => {
        const t = await createApiToken(db, { name: values.name!, role: role(values.role ?? "viewer") });
        await audit(db, { actor: { type: "SYSTEM", name: "cli" }, action: "token.create", target: t.name });
        console.log(t.token);
      });
    case "node": {
      const { runNodeCommand } = await import("./cli/node-command.ts");
      return withDb((db) => runNodeCommand(db, [sub ?? "", ...positionals]));
    }
    case "backup": {
      const { runBackupCommand } = await import("./cli/backup-command.ts");
      // No migrations first: a backup taken before an upgrade must hold the schema as it was.
      return withDb((db, url) => runBackupCommand(loadEnv(), db, url, { dir: values.dir }), { migrate: false });
    }
    case "restore": {
      const file = sub && !sub.startsWith("--") ? sub : positionals[0];
      if (!file) throw new Error("usage: klaxon restore FILE [--force]");
      const { runRestoreCommand } = await import("./cli/backup-command.ts");
      return withDb((_db, url) => runRestoreCommand(loadEnv(), url, { file, force: !!values.force }), { migrate: false });
    }
    case "new-migration": {
      const name = sub ?? "change";
      return withDb(async (_db, url) => {
        console.log((await createMigration(url, name)) ?? "schema.prisma matches the migrations: nothing to write");
      });
    }
    default:
      console.log(USAGE);
      if (command && command !== "help" && command !== "--help") process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((e) => {
  // Some libraries throw errors without a message (or non-Errors): never print "undefined".
  console.error(e instanceof Error ? e.message || `${e.name} (no message)` : inspect(e));
  process.exit(1);
});
