import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/index.ts";

const run = promisify(execFile);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

// The README's `klaxon token create` on a fresh install (embedded PostgreSQL, no DATABASE_URL):
// what it prints on stdout must be the token and nothing else, so `TOKEN=$(…)` works.
describe("klaxon one-shot commands on the embedded database", () => {
  // Under .data like the other embedded tests: initdb runs as the postgres user, which cannot enter a 0700 mkdtemp dir.
  const dataDir = path.resolve(".data", `cli-test-${process.pid}`);
  // Each command stops the embedded server it started, so only the files are left.
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("`token create` prints only the token on stdout; a bad role is one clear line", async () => {
    const pgPort = await freePort();
    const env = { ...process.env, DATABASE_URL: "", KLAXON_DATA_DIR: dataDir, KLAXON_PG_PORT: String(pgPort) };
    const { stdout, stderr } = await run(
      process.execPath,
      ["workers/klaxon.mjs", "token", "create", "--name", "me", "--role", "technician"],
      { env },
    );
    expect(stdout.trim()).toMatch(/^klx_[\w-]+$/);
    expect(stderr).toContain("DATABASE_URL=");
    const password = readFileSync(path.join(dataDir, "pg-password"), "utf8").trim();
    expect(stderr).toContain(password);

    // The password was printed when it was generated; later commands only say where it is kept.
    const again = await run(process.execPath, ["workers/klaxon.mjs", "token", "create", "--name", "me2", "--role", "viewer"], { env });
    expect(again.stdout.trim()).toMatch(/^klx_[\w-]+$/);
    expect(again.stderr).not.toContain(password);
    expect(again.stderr).not.toContain("DATABASE_URL=");
    expect(again.stderr).toContain("pg-password");

    const bad = await run(process.execPath, ["workers/klaxon.mjs", "token", "create", "--name", "x", "--role", "superuser"], { env }).catch(
      (e) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('unknown role "superuser": use admin, technician or viewer');
  }, 120_000);

  it("run without the node's environment, a command says what it could not reach and which variables it used", async () => {
    const port = await freePort();
    const wrongPort = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port });
    try {
      const env = { ...process.env, DATABASE_URL: "", KLAXON_DATA_DIR: dataDir, KLAXON_PG_PORT: String(wrongPort) };
      const failed = await run(process.execPath, ["workers/klaxon.mjs", "node", "list"], { env }).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stderr).not.toContain("undefined");
      expect(failed.stderr).toContain(`already running on port ${port}`);
      expect(failed.stderr).toContain(`KLAXON_PG_PORT=${wrongPort}`);
      expect(failed.stderr).toContain(`KLAXON_DATA_DIR=${dataDir}`);
    } finally {
      await server.stop();
    }
    const unreachable = await run(process.execPath, ["workers/klaxon.mjs", "node", "list"], {
      env: { ...process.env, DATABASE_URL: `postgresql://klaxon:hunter2secret@127.0.0.1:${wrongPort}/klaxon` },
    }).catch((e) => e);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`could not use the database at postgresql://klaxon:****@127.0.0.1:${wrongPort}/klaxon`);
    expect(unreachable.stderr).toContain("ECONNREFUSED");
    expect(unreachable.stderr).not.toContain("hunter2secret");
  }, 120_000);
});
