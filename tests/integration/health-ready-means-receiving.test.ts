import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { heartbeat, registerNode } from "../../lib/cluster/index.ts";
import { writeIntakeReadiness } from "../../lib/health/index.ts";
import { FAST_ENV, freePort } from "../support/cluster-harness.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { klaxonStart, type TKlaxonStart } from "../support/klaxon-start.ts";
import { AVAYA_TRAP, avayaVarbinds, sendTrap } from "../support/snmp-send.ts";
import { waitFor } from "../support/wait-for.ts";

// /api/health is what people and load balancers wait for: 200 must mean "traps sent now are kept".
describe("health: ready means receiving", () => {
  const t = useTestDatabase("health_ready");
  const nodes: TKlaxonStart[] = [];
  let web: ChildProcess | undefined;
  afterAll(() => {
    for (const n of nodes) n.kill();
    web?.kill("SIGKILL");
  });

  it("a trap sent the moment /api/health first answers 200 is stored", async () => {
    const node = await klaxonStart({ DATABASE_URL: t.url, ...FAST_ENV, NODE_NAME: "ready-a" });
    nodes.push(node);
    const body = await waitFor(
      async () => {
        if (node.child.exitCode != null) return { exited: node.output() };
        const h = await node.health();
        return h.status === 200 ? h.body : undefined;
      },
      180_000,
      10,
    );
    await sendTrap({
      port: node.trapPort,
      community: "public",
      oid: `${AVAYA_TRAP}.2`,
      varbinds: avayaVarbinds({ productId: "1000000777", alarmNumber: "1", maintObject: "DS1-BD", port: "01A05", alarmType: "MAJOR" }),
    });
    expect(body).toMatchObject({ status: "ok", worker: "ok", intake: { snmp: "ok", modems: "none" } });
    const alarm = await waitFor(() => t.db.alarm.findFirst({ where: { productId: "1000000777" } }), 15_000);
    expect(alarm.maintObject).toBe("DS1-BD");
    node.kill();
    await node.exited;
  }, 240_000);

  it("the web process answers 503 while its worker's listeners are starting, and while the row is another process's", async () => {
    const instanceId = "health-test:1:abcd";
    const port = await freePort();
    web = spawn(process.execPath, ["--import", "tsx", "workers/web-server.ts"], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_NAME: "ready-web", PORT: String(port), KLAXON_INSTANCE_ID: instanceId },
      stdio: "ignore",
    });
    const health = async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    // The worker registered and heartbeats, but its listeners have not reported yet.
    await registerNode(t.db, { name: "ready-web", version: "test", instanceId });
    const beat = setInterval(() => void heartbeat(t.db, "ready-web").catch(() => {}), 500);
    onTestFinished(() => clearInterval(beat));
    const starting = await waitFor(health, 120_000);
    expect(starting.status).toBe(503);
    expect(starting.body).toMatchObject({ status: "starting", worker: "ok", intake: { snmp: "starting", modems: "starting" } });

    await writeIntakeReadiness(t.db, { nodeName: "ready-web", instanceId, intake: { snmp: "ok", modems: "none" } });
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "ok", intake: { snmp: "ok", modems: "none" } });

    await writeIntakeReadiness(t.db, { nodeName: "ready-web", instanceId, intake: { snmp: "failed", modems: "none" } });
    expect((await health()).status).toBe(503);

    // A fresh row of another process (this node's previous run, or a namesake) is not this node's worker.
    await t.db.clusterNode.update({
      where: { name: "ready-web" },
      data: { instanceId: "someone-else", intake: { snmp: "ok", modems: "none" } },
    });
    const other = await health();
    expect(other.status).toBe(503);
    expect(other.body).toMatchObject({ worker: "starting" });
  }, 180_000);

  it("an answering modem port that cannot open keeps health at 503 with modems: failed, until it is disabled", async () => {
    const reg = await registerNode(t.db, { name: "ready-b", version: "test" });
    if (!("id" in reg)) throw new Error("name taken");
    const modem = await t.db.modemPort.create({ data: { nodeId: reg.id, device: "/dev/klaxon-no-such-modem", purpose: "ANSWER" } });
    const node = await klaxonStart({ DATABASE_URL: t.url, ...FAST_ENV, NODE_NAME: "ready-b" });
    nodes.push(node);
    const failed = await waitFor(
      async () => {
        const h = await node.health();
        return (h.body.intake as { modems?: string } | undefined)?.modems === "failed" ? h : undefined;
      },
      180_000,
      100,
    ).catch((e) => {
      throw new Error(`${e}: ${node.output().slice(-4000)}`);
    });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ status: "starting", intake: { snmp: "ok", modems: "failed" } });

    await t.db.modemPort.update({ where: { id: modem.id }, data: { enabled: false } });
    const ok = await node.ready(60_000);
    expect(ok).toMatchObject({ status: "ok", intake: { snmp: "ok", modems: "none" } });
  }, 300_000);
});
