import PgBoss from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { listNodes, setNodeRoles } from "../../../lib/cluster/index.ts";
import { enqueue, ensureQueues } from "../../../lib/jobs/index.ts";
import { requestTask } from "../../../lib/tasks/index.ts";
import { modemOnPty } from "../../sim/modem-on-pty.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";
import { openPtyPair } from "../../sim/pty-pair.ts";
import { waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";

const admin = { type: "USER" as const, id: 1, name: "admin@test" };

describe("work routing by role row and the modem pool, real node processes", () => {
  const { t, harness } = useClusterTest("cluster-routing");
  let boss: PgBoss;

  afterAll(async () => {
    await boss?.stop({ graceful: false });
  });

  const state = async (queue: string, id: string | null) => (await boss.getJobById(queue, id ?? ""))?.state;

  it("a role change is picked up without restart: the node stops claiming a queue, and starts again within 2 s", async () => {
    const h = harness();
    const a = await h.startReady("a");
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();

    let mark = a.output().length;
    await setNodeRoles(t.db, { name: "a", roles: { taskConfigReports: false }, actor: admin });
    const off = Date.now();
    const line = await a.waitForLog(/claiming queues/, 2000, mark);
    expect(Date.now() - off).toBeLessThan(2000);
    expect(line).not.toContain("task.config-report");
    expect(line).toContain("task.inads-test.ip");

    // A real run whose system lacks a SAT login: once claimed it fails at once, with the reason.
    const system = await t.db.system.create({ data: { name: "no-login", productId: "5500000001", ipAddress: "127.0.0.1" } });
    const { id: runId } = await requestTask(t.db, { input: { systemId: system.id, kind: "CONFIG_REPORT" }, requestedBy: "test" });
    const id = (await t.db.taskRun.findUniqueOrThrow({ where: { id: runId } })).jobId;
    // Several poll periods (200 ms) with the job available and a node idle: it must stay unclaimed.
    // Two probes run one after the other on the same node: whole poll cycles passed while the
    // config-report job was there to claim.
    for (const tag of ["poll-1", "poll-2"]) {
      const probe = await enqueue(boss, "task.noop-probe.ip", { tag });
      await waitUntil(async () => (await state("task.noop-probe.ip", probe)) === "completed", 5000);
    }
    expect(await state("task.config-report.ip", id)).toBe("created");

    mark = a.output().length;
    await setNodeRoles(t.db, { name: "a", roles: { taskConfigReports: true }, actor: admin });
    const on = Date.now();
    // Claimed (active or already done) within 2 s of the edit; the handler's own run time is not routing.
    await waitUntil(async () => ["active", "completed"].includes((await state("task.config-report.ip", id)) ?? ""), 5000, 10);
    expect(Date.now() - on).toBeLessThan(2000);
    await waitUntil(async () => (await state("task.config-report.ip", id)) === "completed", 5000);
    const run = await t.db.taskRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ nodeName: "a", connectionType: "DIRECT_IP", status: "FAILED", reason: "no-login has no SAT login" });
    expect(await t.db.auditLog.count({ where: { action: "cluster.node.roles", actorName: "admin@test" } })).toBe(2);
  });

  it("24 dial-out ports (simulated modems on PTYs) over 3 nodes all busy at once; concurrency per node = its idle dial-out ports", async () => {
    // 24 real pseudo-terminals with a simulated Hayes modem on the far end of each; the nodes'
    // modem port runtime opens and probes them and keeps their rows IDLE/BUSY/FAULT true.
    const network = new PhoneNetwork();
    const ptys = await Promise.all(Array.from({ length: 24 }, () => openPtyPair()));
    const sims = await Promise.all(ptys.map((p) => modemOnPty(p.modem, { network, guardMs: 50 })));
    const h = harness();
    try {
      await Promise.all(["a", "b", "c"].map((n) => h.startReady(n)));
      boss ??= new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
      await boss.start().catch(() => {});
      const nodes = await t.db.clusterNode.findMany({ orderBy: { name: "asc" } });
      for (const [k, n] of nodes.entries()) {
        await t.db.modemPort.createMany({
          data: ptys
            .slice(k * 8, k * 8 + 8)
            .map((p, i) => ({ nodeId: n.id, device: p.dte, purpose: i % 2 ? ("DIALOUT" as const) : ("BOTH" as const) })),
        });
      }
      await waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 24 || null, 20_000, 100);
      await runPool();
    } finally {
      await h.stopAll();
      await Promise.all(sims.map((m) => m.close()));
      await Promise.all(ptys.map((p) => p.stop()));
    }
  });

  async function runPool() {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => enqueue(boss, "task.noop-probe.modem", { tag: `call-${i}`, holdMs: 4000 })),
    );

    let maxActive = 0;
    // Jobs and ports read in one statement (one snapshot): read one after the other, a claim in
    // between makes 23 active jobs beside 24 busy ports.
    const allBusy = await waitUntil(async () => {
      const [row] = await t.db.$queryRawUnsafe<{ active: number; busy: number[] }[]>(
        `SELECT (SELECT count(*)::int FROM pgboss.job WHERE name = 'task.noop-probe.modem' AND state = 'active') AS active,
                ARRAY(SELECT count(*)::int FROM "ModemPort" WHERE status = 'BUSY' GROUP BY "nodeId" ORDER BY "nodeId") AS busy`,
      );
      const active = Number(row?.active);
      maxActive = Math.max(maxActive, active);
      const busy = row?.busy ?? [];
      return busy.reduce((a, b) => a + b, 0) === 24 ? { busy, active } : null;
    }, 15_000);
    expect(allBusy.busy).toEqual([8, 8, 8]);
    expect(allBusy.active).toBe(24);
    const view = await listNodes(t.db, { offlineMs: 5000 });
    expect(view.pool).toMatchObject({ busy: 24, idle: 0, total: 24 });
    expect(view.nodes.map((n) => n.portCounts.busy)).toEqual([8, 8, 8]);

    await waitUntil(
      async () => {
        const states = await Promise.all(ids.map((id) => state("task.noop-probe.modem", id)));
        const active = states.filter((s) => s === "active").length;
        maxActive = Math.max(maxActive, active);
        return states.every((s) => s === "completed");
      },
      30_000,
      100,
    );
    expect(maxActive).toBeLessThanOrEqual(24);
    expect(await t.db.modemPort.count({ where: { status: "BUSY" } })).toBe(0);
  }

  it("a job that ends hands its slot to the next waiting job at once, not at the next poll", async () => {
    const h = harness({ JOB_POLL_MS: "10000", JOB_CONCURRENCY: "1" });
    boss ??= new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start().catch(() => {});
    await ensureQueues(boss);
    // Queued before the node starts: its first poll takes one (concurrency 1), the rest wait.
    const ids = await Promise.all(["q1", "q2", "q3"].map((tag) => enqueue(boss, "task.noop-probe.ip", { tag, holdMs: 200 })));
    await h.startReady("d");
    const done = await waitUntil(
      async () => {
        const jobs = await Promise.all(ids.map((id) => boss.getJobById("task.noop-probe.ip", id ?? "")));
        return jobs.every((j) => j?.state === "completed") ? jobs : null;
      },
      8000,
      50,
    );
    const ends = done.map((j) => new Date(j?.completedOn ?? 0).getTime()).sort((a, b) => a - b);
    // With a 10 s poll period, waiting for the next poll would put 10 s between these.
    expect((ends[2] as number) - (ends[0] as number)).toBeLessThan(3000);
  });
});
