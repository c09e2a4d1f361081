import { afterAll, describe, expect, it } from "vitest";
import { ClusterHarness, FAST_ENV } from "../support/cluster-harness.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { freeUdpPort, klaxonStart, type TKlaxonStart } from "../support/klaxon-start.ts";

const FATAL_EXIT_CODE = 78;

// Two processes with one NODE_NAME (a second `npm start` in the same folder, two cloned VMs with
// one host name) must never both act as that node: the lease and the registry belong to one
// process, the second one exits and says why. A node that cannot bind its ports exits too.
describe("one live process per node name", () => {
  const t = useTestDatabase("one_process_per_name");
  const started: TKlaxonStart[] = [];
  const harness = () => new ClusterHarness(t.url, FAST_ENV);
  let workers: ClusterHarness | undefined;
  afterAll(async () => {
    for (const n of started) n.kill();
    await workers?.stopAll();
  });
  const start = async (env: Record<string, string>) => {
    const n = await klaxonStart({ DATABASE_URL: t.url, ...FAST_ENV, ...env });
    started.push(n);
    return n;
  };

  it("a second `klaxon start` with a live node's name exits with the reason, and the first stays the only lease holder", async () => {
    const first = await start({ NODE_NAME: "twin" });
    await first.ready();
    const holder = await t.db.primaryLease.findUniqueOrThrow({ where: { id: 1 } });
    expect(holder.holderName).toBe("twin");
    const firstInstance = holder.holderInstance;
    expect(firstInstance).toBeTruthy();

    const holders = new Set<string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const l = await t.db.primaryLease.findUniqueOrThrow({ where: { id: 1 } });
        holders.add(`${l.holderName}/${l.holderInstance}/${l.epoch}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const second = await start({ NODE_NAME: "twin" });
    const code = await second.exited;
    sampling = false;
    await sampler;
    expect(code).toBe(FATAL_EXIT_CODE);
    expect(second.output()).toMatch(/node name \\?"twin\\?" belongs to another running Klaxon process/);
    expect(second.output()).not.toMatch(/listening on http/);
    expect([...holders]).toEqual([`twin/${firstInstance}/${holder.epoch}`]);
    const row = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "twin" } });
    expect(row.instanceId).toBe(firstInstance);
    expect((await first.health()).status).toBe(200);
  }, 240_000);

  it("two bare workers started at once with one name: exactly one registers, the other exits with the reason", async () => {
    workers = harness();
    const [a, b] = await Promise.all([workers.start("race"), workers.start("race")]);
    const firstExit = await Promise.race([a.exited.then((c) => ({ n: a, c })), b.exited.then((c) => ({ n: b, c }))]);
    expect(firstExit.c, firstExit.n.output()).toBe(FATAL_EXIT_CODE);
    expect(firstExit.n.output()).toMatch(/node name \\?"race\\?" belongs to another running Klaxon process/);
    const survivor = firstExit.n === a ? b : a;
    await survivor.waitForLog(/claiming queues/, 60_000);
    expect(survivor.child.exitCode).toBeNull();
    const row = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "race" } });
    expect(row.pid).toBe(survivor.child.pid);
  }, 120_000);

  it("a node whose web port or trap port is taken exits non-zero and names the port", async () => {
    const first = started[0] as TKlaxonStart;
    const webTaken = await start({ NODE_NAME: "web-clash", PORT: String(first.port), SNMP_TRAP_PORT: String(await freeUdpPort()) });
    expect(await webTaken.exited).toBe(FATAL_EXIT_CODE);
    expect(webTaken.output()).toMatch(new RegExp(`cannot listen for HTTP on .*:${first.port}: EADDRINUSE`));

    const trapTaken = await start({ NODE_NAME: "trap-clash", SNMP_TRAP_PORT: String(first.trapPort) });
    expect(await trapTaken.exited).toBe(FATAL_EXIT_CODE);
    expect(trapTaken.output()).toMatch(new RegExp(`cannot listen for SNMP traps on 127.0.0.1:${first.trapPort}`));
    // Neither left a node behind that claims to be alive.
    const rows = await t.db.clusterNode.findMany({ where: { name: { in: ["web-clash", "trap-clash"] } } });
    for (const r of rows) expect(r.instanceId).toBeNull();
  }, 240_000);
});
