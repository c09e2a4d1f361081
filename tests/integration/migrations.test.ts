import { describe, expect, it } from "vitest";
import { isEmptyScript, migrate, pendingSchemaDiff } from "../../lib/db/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

describe("migrations", () => {
  const t = useTestDatabase("migrations");

  it("schema.prisma and the migrations folder do not drift (empty diff)", async () => {
    const sql = await pendingSchemaDiff(t.url);
    expect(isEmptyScript(sql), sql).toBe(true);
  });

  it("applying migrations to a migrated database is a no-op, even from two callers at once", async () => {
    const [a, b] = await Promise.all([migrate(t.url), migrate(t.url)]);
    expect([...a, ...b]).toEqual([]);
    const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*)::bigint AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`,
    );
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });
});
