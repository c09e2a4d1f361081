import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db-fixture.ts";
import { waitFor } from "../support/wait-for.ts";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// `kill -9` of a node means its `klaxon start` process: the web server and the worker must not
// live on as orphans that keep heartbeating and holding the primary lease (no failover then).
describe("kill -9 of the klaxon start process", () => {
  const t = useTestDatabase("node_supervisor_kill");
  let node: ChildProcess | undefined;
  let workerPid = 0;
  afterAll(() => {
    node?.kill("SIGKILL");
    if (workerPid && alive(workerPid)) process.kill(workerPid, "SIGKILL");
  });

  it("takes its web server and worker with it, and the lease is released", async () => {
    const port = 3400 + Math.floor(Math.random() * 500);
    node = spawn(process.execPath, ["workers/klaxon.mjs", "start"], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_NAME: "kill9-test", PORT: String(port), SNMP_TRAP_PORT: "0", LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      const body = (await r.json()) as { primary: boolean };
      return r.status === 200 && body.primary ? body : undefined;
    }, 120_000);
    workerPid = (await t.db.clusterNode.findUniqueOrThrow({ where: { name: "kill9-test" } })).pid ?? 0;
    expect(workerPid).toBeGreaterThan(0);

    node.kill("SIGKILL");
    await waitFor(async () => (alive(workerPid) ? undefined : true), 15_000);
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/api/health`).then(
          () => undefined,
          () => true,
        ),
      15_000,
    );
    // The worker stopped gracefully, so it gave the lease up rather than letting it run out.
    const lease = await t.db.primaryLease.findFirst();
    expect(lease?.holderName === "kill9-test" && lease.expiresAt > new Date()).toBe(false);
  }, 180_000);
});
