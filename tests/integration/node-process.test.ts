import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db-fixture.ts";
import { waitFor } from "../support/wait-for.ts";

const run = promisify(execFile);
const KLAXON = ["workers/klaxon.mjs"];

describe("the klaxon command and the node process", () => {
  const t = useTestDatabase("node_process");
  let node: ChildProcess | undefined;
  afterAll(() => {
    node?.kill("SIGKILL");
  });

  it("`klaxon token create` and `user create` store a hashed token and a user with their roles, audited", async () => {
    const env = { ...process.env, DATABASE_URL: t.url };
    const { stdout } = await run(process.execPath, [...KLAXON, "token", "create", "--name", "nms", "--role", "viewer"], { env });
    const token = stdout.trim().split("\n").pop() ?? "";
    expect(token).toMatch(/^klx_/);
    const row = await t.db.apiToken.findFirstOrThrow({ where: { name: "nms" } });
    expect(row.role).toBe("VIEWER");
    expect(row.tokenHash).not.toBe(token);
    await run(
      process.execPath,
      [...KLAXON, "user", "create", "--email", "cli@example.com", "--password", "cli-password", "--role", "technician"],
      { env },
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "cli@example.com" } })).role).toBe("TECHNICIAN");
    expect(await t.db.auditLog.count({ where: { actorName: "cli" } })).toBe(2);
  });

  it("`klaxon start` serves health, and a killed worker is restarted by the supervisor", async () => {
    const port = 3400 + Math.floor(Math.random() * 500);
    node = spawn(process.execPath, [...KLAXON, "start"], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_NAME: "proc-test", PORT: String(port), SNMP_TRAP_PORT: "0", LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    const health = await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      const body = (await r.json()) as { status: string; node: string; primary: boolean };
      return r.status === 200 && body.primary ? body : undefined;
    }, 120_000);
    expect(health).toMatchObject({ status: "ok", node: "proc-test", primary: true, db: "ok" });

    const first = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "proc-test" } });
    expect(first.pid).toBeGreaterThan(0);
    process.kill(first.pid!, "SIGKILL");
    const restarted = await waitFor(async () => {
      const row = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "proc-test" } });
      return row.pid && row.pid !== first.pid ? row : undefined;
    }, 60_000);
    expect(restarted.pid).not.toBe(first.pid);
  }, 200_000);
});
