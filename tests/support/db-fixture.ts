import { afterAll, beforeAll, inject } from "vitest";
import { createPrisma, type TDb } from "../../lib/db/index.ts";
import { createTestDatabase } from "./test-pg.ts";

export type TTestDb = { url: string; db: TDb };

/**
 * A database of its own for the calling test file, migrated, dropped after the file passes.
 * A failed file keeps its database (name in the URL) for inspection.
 */
export function useTestDatabase(label: string): TTestDb {
  const handle = {} as TTestDb;
  let drop: (() => Promise<void>) | undefined;
  let failed = false;
  beforeAll(async () => {
    const created = await createTestDatabase(inject("pgAdminUrl"), label, inject("pgTemplate"));
    handle.url = created.url;
    handle.db = createPrisma(created.url, 5);
    drop = created.drop;
  });
  afterAll(async (ctx) => {
    failed = ctx.tasks.some((t) => t.result?.state === "fail");
    await handle.db?.$disconnect();
    if (!failed) await drop?.();
    else console.warn(`keeping failed test database ${handle.url}`);
  });
  return handle;
}
