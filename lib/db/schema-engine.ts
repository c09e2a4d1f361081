import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { parse } from "pg-connection-string";

type TEngine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;
let loaded = false;

/**
 * Prisma's WASM schema engine, instantiated by hand so no --experimental-wasm-modules flag
 * is needed: the CLI's native schema engine cannot be downloaded on these machines.
 */
function loadWasm(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  (bg as unknown as { __wbg_set_wasm(x: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  loaded = true;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The schema engine reads pg_catalog columns of Postgres' internal "char" type, which the pg
 * driver adapter does not map (UnsupportedNativeDataType 'char'); report them as text.
 */
class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads cannot be re-declared precisely
  override query(...args: any[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (err: Error | null, r: pg.QueryResult) => callback(err, err ? r : asText(r));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    return result instanceof Promise ? result.then(asText) : result;
  }
}

function asText(r: pg.QueryResult): pg.QueryResult {
  for (const f of r?.fields ?? []) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
  return r;
}

type TPgConfig = pg.PoolConfig;

/**
 * The stock adapter drops the shadow database while its own pool still holds a connection,
 * and the engine never closes the pools it opens; this one tracks them so they can be closed.
 */
class ShadowSafePg extends PrismaPg {
  private readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(private readonly pgConfig: TPgConfig & object) {
    super(pgConfig);
  }

  override async connect() {
    const adapter = await super.connect();
    this.opened.push(adapter);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    for (const a of this.opened.splice(0)) await a.dispose().catch(() => {});
  }

  override async connectToShadowDb() {
    const admin = await this.connect();
    const name = `klaxon_shadow_${randomUUID().replace(/-/g, "")}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg({ ...(this.pgConfig as pg.PoolConfig), database: name }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

export async function withSchemaEngine<T>(connectionString: string, schemaText: string, fn: (engine: TEngine) => Promise<T>): Promise<T> {
  loadWasm();
  // Discrete fields, not a connection string: the adapter derives the shadow database by
  // overriding `database`, which a connection string would silently win over.
  const { host, port, user, password, database } = parse(connectionString);
  const config = { host: host ?? undefined, port: port ? Number(port) : undefined, user, password, database: database ?? undefined };
  const factory = new ShadowSafePg({ ...config, max: 2, Client: CatalogFriendlyClient });
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    (engine as unknown as { free?: () => void }).free?.();
    await factory.disposeAll();
  }
}
