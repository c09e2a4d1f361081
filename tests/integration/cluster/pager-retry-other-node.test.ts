import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPrimary, ensureClusterSql } from "../../../lib/cluster/index.ts";
import { enqueue } from "../../../lib/jobs/index.ts";
import { modemOnPty, type TPtyModem } from "../../sim/modem-on-pty.ts";
import { PagingTerminal } from "../../sim/paging-terminal.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../../sim/pty-pair.ts";
import { ClusterHarness, waitUntil } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const TAP = "5550200";

/* Two real node processes with one dial-out port each: a page that failed on one node's only port is retried on the other node. */
describe("a failed page is retried on another node", () => {
  const t = useTestDatabase("pager-retry-node");
  const network = new PhoneNetwork({ ringIntervalMs: 200, connectDelayMs: 50 });
  const terminal = new PagingTerminal({ network, number: TAP, lines: 2 });
  const ptys: TPtyPair[] = [];
  const modems: TPtyModem[] = [];
  let h: ClusterHarness;
  let boss: PgBoss;

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    for (let i = 0; i < 2; i++) {
      const pty = await openPtyPair();
      ptys.push(pty);
      modems.push(await modemOnPty(pty.modem, { network, number: `555091${i}`, guardMs: 50 }));
    }
    h = new ClusterHarness(t.url);
    await Promise.all([h.startReady("node-a"), h.startReady("node-b")]);
    for (const [i, name] of ["node-a", "node-b"].entries()) {
      const node = await t.db.clusterNode.findUniqueOrThrow({ where: { name } });
      await t.db.modemPort.create({ data: { nodeId: node.id, device: ptys[i]?.dte ?? "", purpose: "DIALOUT" } });
    }
    await waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 2, 30_000, 100);
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await h?.stopAll();
    terminal.close();
    await Promise.all(modems.map((m) => m.close()));
    await Promise.all(ptys.map((p) => p.stop()));
  });

  it("carrier lost on the first node's port: the retry runs on the other node and the page goes through", async () => {
    terminal.faults = (n) => (n === 1 ? { dropAfterBytes: 6 } : {});
    const alarm = await t.db.alarm.create({ data: { source: "API", severity: "MAJOR", maintObject: "DS1-BD", dedupKey: "retry-node" } });
    const contact = await t.db.contact.create({ data: { name: "Night Tech", pagerType: "TAP", pagerNumber: TAP, pagerId: "4001" } });
    const lease = await waitUntil(() => currentPrimary(t.db), 20_000);
    const n = await t.db.notification.create({
      data: {
        alarmId: alarm.id,
        contactId: contact.id,
        channel: "PAGER",
        idempotencyKey: "retry-node",
        nodeName: lease.holderName ?? "",
        epoch: lease.epoch,
      },
    });
    const jobId =
      (await enqueue(
        boss,
        "task.pager-dial.modem",
        { notificationId: n.id, page: { kind: "TAP", number: TAP, pagerId: "4001", text: "DS1-BD MAJOR" } },
        { retryDelay: 1, retryBackoff: false },
      )) ?? "";
    const sent = await waitUntil(
      async () => {
        const row = await t.db.notification.findUniqueOrThrow({ where: { id: n.id } });
        return row.status !== "PENDING" ? row : null;
      },
      60_000,
      100,
    );
    expect(sent).toMatchObject({ status: "SENT", attempts: 2 });
    const [failed, passed] = await t.db.taskRun.findMany({ where: { jobId }, orderBy: { id: "asc" } });
    expect(failed).toMatchObject({ status: "FAILED", reason: "carrier lost while sending block 1 of 1" });
    expect(passed).toMatchObject({ status: "PASSED" });
    expect(passed?.nodeName).not.toBe(failed?.nodeName);
    expect(terminal.pages).toHaveLength(1);
  });
});
