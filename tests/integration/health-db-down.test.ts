import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";

describe("health when the database is unreachable", () => {
  let web: ChildProcess | undefined;
  afterAll(() => {
    web?.kill("SIGKILL");
  });

  it("/api/health answers 503 with db: down", async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    web = spawn(process.execPath, ["--import", "tsx", "workers/web-server.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        NODE_NAME: "no-db",
        DATABASE_URL: "postgresql://klaxon:x@127.0.0.1:1/nowhere",
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    });
    const until = Date.now() + 90_000;
    let res: Response | undefined;
    while (Date.now() < until) {
      res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (res) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(res?.status).toBe(503);
    expect(await res?.json()).toMatchObject({ status: "error", node: "no-db", db: "down", primary: false });
  }, 120_000);
});
