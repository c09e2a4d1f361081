import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/index.ts";
import { waitFor } from "../support/wait-for.ts";

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

  it("a server left running by a process killed with SIGKILL is owned by the next start, which stops it", async () => {
    const dataDir = path.resolve(".data", `embedded-orphan-${process.pid}`);
    const port = 5600 + Math.floor(Math.random() * 300);
    rmSync(dataDir, { recursive: true, force: true });
    // The first owner: a separate process that starts the server and is then killed -9.
    const script = `import { startEmbeddedPostgres } from "./lib/db/embedded.ts";
      const s = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
      console.log("READY " + s.url); setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    owner.stdout.on("data", (b: Buffer) => {
      out += b.toString();
    });
    const url = await waitFor(async () => /READY (\S+)/.exec(out)?.[1], 90_000);
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    expect(await query(url, "SELECT 1 AS up")).toEqual([{ up: 1 }]);

    const next = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(next.startedHere).toBe(false);
      expect(next.adopted).toBe(true);
      expect(next.passwordGenerated).toBe(false);
      await next.stop();
      await expect(query(url, "SELECT 1")).rejects.toThrow();
      const fresh = await startEmbeddedPostgres({ dataDir, port });
      expect(fresh.startedHere).toBe(true);
      await fresh.stop();
    } finally {
      await next.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
