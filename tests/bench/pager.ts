import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import PgBoss from "pg-boss";
import { currentPrimary, ensureClusterSql } from "../../lib/cluster/index.ts";
import { createPrisma } from "../../lib/db/index.ts";
import { enqueue } from "../../lib/jobs/index.ts";
import { modemOnPty, type TPtyModem } from "../sim/modem-on-pty.ts";
import { PagingTerminal } from "../sim/paging-terminal.ts";
import { PhoneNetwork } from "../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../sim/pty-pair.ts";
import { ClusterHarness, FAST_ENV, waitUntil } from "../support/cluster-harness.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";

const MODEMS = 8;
const TAP = "5550200";
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/**
 * `npm run bench -- pager [pages] [connectMs]`: TAP pages per minute through 8 simulated modems.
 * One real node process with 8 dial-out ports on PTYs (simulated Hayes modems on the far ends,
 * real +++ guard time of 1 s), the paging-terminal simulator with 8 lines; `pages` (default 64)
 * Notification rows and task.pager-dial.modem jobs enqueued at once; the clock runs until every
 * Notification is SENT or FAILED. `connectMs` (default 2000) is the simulated time from answer
 * to carrier (modem training); the terminal answers at once. Needs Debian's socat.
 */
export async function run(args: string[]): Promise<void> {
  if (spawnSync("socat", ["-V"]).error) {
    console.error("the pager benchmark needs socat for its pseudo-terminals: apt-get install socat");
    process.exit(2);
  }
  const pages = Number(args[0] ?? 64);
  const connectMs = Number(args[1] ?? 2000);
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_pager", server.template);
  const db = createPrisma(database.url, 3);
  await ensureClusterSql(db);
  const network = new PhoneNetwork({ ringIntervalMs: 6000, connectDelayMs: connectMs });
  const terminal = new PagingTerminal({ network, number: TAP, lines: MODEMS });
  const ptys: TPtyPair[] = [];
  const modems: TPtyModem[] = [];
  const h = new ClusterHarness(database.url, { ...FAST_ENV, MODEM_GUARD_MS: "1000" });
  const boss = new PgBoss({ connectionString: database.url, schema: "pgboss", max: 2 });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, network.activeCalls);
  }, 50);
  try {
    for (let i = 0; i < MODEMS; i++) {
      const pty = await openPtyPair();
      ptys.push(pty);
      modems.push(await modemOnPty(pty.modem, { network, number: `55509${String(i).padStart(2, "0")}`, guardMs: 1000 }));
    }
    await h.startReady("bench-pager");
    const node = await db.clusterNode.findUniqueOrThrow({ where: { name: "bench-pager" } });
    await db.modemPort.createMany({ data: ptys.map((p) => ({ nodeId: node.id, device: p.dte, purpose: "DIALOUT" as const })) });
    await waitUntil(async () => (await db.modemPort.count({ where: { status: "IDLE" } })) === MODEMS, 60_000, 200);
    const alarm = await db.alarm.create({ data: { source: "API", severity: "MAJOR", maintObject: "DS1-BD", dedupKey: "bench-pager" } });
    const contact = await db.contact.create({ data: { name: "Bench", pagerType: "TAP", pagerNumber: TAP, pagerId: "4001" } });
    const lease = await waitUntil(() => currentPrimary(db), 30_000);
    const ids: number[] = [];
    for (let i = 0; i < pages; i++) {
      const n = await db.notification.create({
        data: {
          alarmId: alarm.id,
          contactId: contact.id,
          channel: "PAGER",
          idempotencyKey: `bench-${i}`,
          nodeName: lease.holderName ?? "",
          epoch: lease.epoch,
        },
      });
      ids.push(n.id);
    }
    await boss.start();
    const started = Date.now();
    for (const id of ids) {
      const text = `MAJOR DS1-BD 01A05 alarm ${id} on Bench G3, first seen ${new Date().toISOString()}`;
      await enqueue(boss, "task.pager-dial.modem", { notificationId: id, page: { kind: "TAP", number: TAP, pagerId: "4001", text } });
    }
    await waitUntil(
      async () => (await db.notification.count({ where: { id: { in: ids }, status: "PENDING" } })) === 0 || null,
      pages * 60_000,
      200,
    );
    const elapsed = Date.now() - started;
    const runs = await db.taskRun.findMany({ where: { kind: "PAGER_DIAL" }, select: { startedAt: true, finishedAt: true } });
    const calls = runs.map((r) => (r.finishedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)).sort((a, b) => a - b);
    const sent = await db.notification.count({ where: { id: { in: ids }, status: "SENT" } });
    console.log(
      `\npager: ${pages} TAP pages through ${MODEMS} simulated modems (PTY + serialport), 1 node, connect ${connectMs} ms, guard 1 s`,
    );
    console.log(`pages per minute: ${((pages / elapsed) * 60_000).toFixed(1)} (all settled in ${(elapsed / 1000).toFixed(1)} s)`);
    console.log(`sent ${sent}, failed ${pages - sent}; terminal accepted ${terminal.pages.length}; calls at once: up to ${peak}`);
    console.log(`one call (TaskRun start → end, incl. hang-up): p50 ${pct(calls, 50)} ms, p95 ${pct(calls, 95)} ms`);
    console.log(`load average during the run: ${loadavg()[0]?.toFixed(1)} on this machine`);
  } finally {
    clearInterval(sampler);
    await boss.stop({ graceful: false }).catch(() => {});
    await h.stopAll();
    terminal.close();
    await Promise.all(modems.map((m) => m.close()));
    await Promise.all(ptys.map((p) => p.stop()));
    await db.$disconnect();
    await database.drop();
    await server.stop();
  }
}
