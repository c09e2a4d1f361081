import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/index.ts";

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("a second start reuses the data, and a second node on the same data dir joins the running server", async () => {
    const dataDir = path.resolve(".data", `embedded-test-${process.pid}`);
    const port = 5600 + Math.floor(Math.random() * 300);
    rmSync(dataDir, { recursive: true, force: true });
    const first = await startEmbeddedPostgres({ dataDir, port });
    expect(first.startedHere).toBe(true);
    expect(first.url).toContain("127.0.0.1");
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");

    const joined = await startEmbeddedPostgres({ dataDir, port });
    expect(joined.startedHere).toBe(false);
    expect(joined.url).toBe(first.url);
    await joined.stop();
    expect(await query(first.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);

    await first.stop();
    const again = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(again.startedHere).toBe(true);
      expect(await query(again.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
