import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlarms, ingest } from "../../../lib/alarms/index.ts";
import { ensureClusterSql } from "../../../lib/cluster/index.ts";
import { createContact, createPolicy } from "../../../lib/dispatch/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import { modemOnPty, type TPtyModem } from "../../sim/modem-on-pty.ts";
import { PagingTerminal } from "../../sim/paging-terminal.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../../sim/pty-pair.ts";
import { callerAs } from "../../support/api-caller.ts";
import { ClusterHarness, waitUntil } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const QUEUE = "task.pager-dial.modem";
// The node decrypts the TAP password with the key this derives; contacts are stored with it.
const SECRET = "dispatch-pager-test-secret-0123456789abcdef";

/*
 * The dispatcher pages through the modem pool: escalation policies with a PAGER channel, a real
 * node process (as `klaxon start` runs its worker) with two dial-out ports on PTYs, simulated
 * modems on their far ends and two paging services on the simulated phone network: one 7E1
 * with a logon password, one 8N1.
 */
describe("dispatcher → task.pager-dial.modem → a real node's PTY modem → the paging terminal", () => {
  const t = useTestDatabase("dispatch_pager");
  const network = new PhoneNetwork({ ringIntervalMs: 200, connectDelayMs: 50 });
  const service7e1 = new PagingTerminal({ network, number: "5550200", password: "ABC123", lines: 2 });
  const service8n1 = new PagingTerminal({ network, number: "5550201", format: "8N1", lines: 2 });
  const ptys: TPtyPair[] = [];
  const modems: TPtyModem[] = [];
  let h: ClusterHarness;
  const contact: Record<"pat" | "eve" | "rex", number> = { pat: 0, eve: 0, rex: 0 };

  const raise = async (maintObject: string) => {
    const { created } = await ingest(
      t.db,
      [{ kind: "raise", alarm: { source: "SNMP", productId: "7300000001", severity: "MAJOR", maintObject, port: "01A05" } }],
      { nodeName: "test" },
    );
    return created[0] as number;
  };
  const settledPage = (alarmId: number) =>
    waitUntil(
      async () => {
        const n = await t.db.notification.findFirst({ where: { alarmId, channel: "PAGER" } });
        return n && n.status !== "PENDING" ? n : null;
      },
      50_000,
      200,
    ).catch(async (e) => {
      const rows = await t.db.notification.findMany({ where: { alarmId } });
      const runs = await t.db.taskRun.findMany({ where: { alarmId } });
      throw new Error(`${e}: ${JSON.stringify(rows)} ${JSON.stringify(runs)}\n${h.nodes.get("pager-node")?.output().slice(-4000)}`);
    });

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    for (let i = 0; i < 2; i++) {
      const pty = await openPtyPair();
      ptys.push(pty);
      modems.push(await modemOnPty(pty.modem, { network, number: `555091${i}`, guardMs: 50 }));
    }
    h = new ClusterHarness(t.url);
    await h.startReady("pager-node", { KLAXON_SECRET_KEY: SECRET });
    const node = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "pager-node" } });
    await t.db.modemPort.createMany({ data: ptys.map((p) => ({ nodeId: node.id, device: p.dte, purpose: "DIALOUT" as const })) });
    await waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 2, 30_000, 100);

    const key = loadSecretKey({ secretKey: SECRET, dataDir: "" });
    contact.pat = (
      await createContact(t.db, key, {
        name: "Pat",
        pagerType: "TAP",
        pagerNumber: "5550200",
        pagerId: "4001",
        pagerPassword: "ABC123",
        pagerBaud: 1200,
        pagerFormat: "7E1",
      })
    ).id;
    contact.eve = (
      await createContact(t.db, key, {
        name: "Eve",
        pagerType: "TAP",
        pagerNumber: "5550201",
        pagerId: "4002",
        pagerFormat: "8N1",
        pagerMaxLength: 20,
      })
    ).id;
    // No format: told by the 8N1 terminal's ID=. Eleven digits: Klaxon takes it, the service refuses it (RS).
    contact.rex = (await createContact(t.db, key, { name: "Rex", pagerType: "TAP", pagerNumber: "5550201", pagerId: "40030000000" })).id;
    for (const [mo, id] of [
      ["TDM*", contact.pat],
      ["PKT*", contact.eve],
      ["RING*", contact.rex],
    ] as const)
      await createPolicy(t.db, { name: mo, match: { maintObject: mo }, levels: [{ afterSec: 0, contactIds: [id], channels: ["PAGER"] }] });
  });

  afterAll(async () => {
    await h?.stopAll();
    service7e1.close();
    service8n1.close();
    await Promise.all(modems.map((m) => m.close()));
    await Promise.all(ptys.map((p) => p.stop()));
  });

  it("a TAP contact's service settings are used: 1200 baud asked of the modem, 7E1 with the logon password; the password never in clear in the job table", async () => {
    const alarmId = await raise("TDM-BUS");
    const n = await settledPage(alarmId);
    expect(n).toMatchObject({ status: "SENT", contactId: contact.pat, level: 1, lastError: null });
    expect(service7e1.pages.at(-1)).toMatchObject({ pagerId: "4001" });
    expect(service7e1.pages.at(-1)?.message).toContain("TDM-BUS");
    const cmds = modems.flatMap((m) => m.modem.commands);
    expect(cmds[cmds.indexOf("ATDT5550200") - 1]).toBe("AT+MS=V22");
    const jobs = await t.db.$queryRawUnsafe<{ data: unknown }[]>(`SELECT data FROM pgboss.job WHERE name = $1`, QUEUE);
    expect(jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(jobs)).not.toContain("ABC123");
    expect(JSON.stringify(jobs)).toMatch(/"password":"enc:v1:/);
    const run = await t.db.taskRun.findFirstOrThrow({ where: { alarmId, kind: "PAGER_DIAL" } });
    expect(run.transcript).toContain("<ESC>PG1******<CR>");
    expect(JSON.stringify(run)).not.toContain("ABC123");
    const ev = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId, kind: "NOTIFIED" } });
    expect(ev.message).toMatch(/^Level 1 paged to Pat \(TAP pager 4001 via 5550200\) from pager-node /);
  });

  it("an 8N1 service gets 8N1, and the page is cut to the pager's length", async () => {
    const alarmId = await raise("PKT-INT");
    expect(await settledPage(alarmId)).toMatchObject({ status: "SENT", contactId: contact.eve });
    const page = service8n1.pages.at(-1);
    expect(page?.pagerId).toBe("4002");
    expect(page?.message.length).toBeLessThanOrEqual(20);
    expect(page?.message.length).toBeGreaterThan(5);
  });

  it("a terminal that refuses the page: FAILED with its words, on the notification and the timeline", async () => {
    const alarmId = await raise("RING-GEN");
    const n = await settledPage(alarmId);
    expect(n.status).toBe("FAILED");
    expect(n.lastError).toMatch(/^the paging terminal refused the page \(RS\): 511 Invalid Pager ID/);
    const ev = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId, kind: "NOTIFY_FAILED" } });
    expect(ev.message).toMatch(/^Page to Rex failed after 1 attempt\(s\): the paging terminal refused the page \(RS\): 511/);
    const list = await callerAs(t.db, "VIEWER").notification.list({ alarmId, status: "FAILED", channel: "PAGER" });
    expect(list.items).toHaveLength(1);
  });

  it("acknowledging an alarm whose page is still queued cancels it: CANCELLED, and the job dials nothing", async () => {
    await t.db.modemPort.updateMany({ where: { device: { in: ptys.map((p) => p.dte) } }, data: { enabled: false } });
    await waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 0, 30_000, 100);
    const calls = service7e1.calls.length;
    const alarmId = await raise("TDM-CLK");
    const pending = await waitUntil(
      () => t.db.notification.findFirst({ where: { alarmId, channel: "PAGER", status: "PENDING" } }),
      30_000,
      100,
    );
    await acknowledgeAlarms(t.db, { ids: [alarmId], actor: { name: "tech", nodeName: "test" } });
    const cancelled = await settledPage(alarmId);
    expect(cancelled).toMatchObject({ id: pending.id, status: "CANCELLED", lastError: "alarm acknowledged before delivery" });
    const ev = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId, kind: "DISPATCH", message: { contains: "cancelled" } } });
    expect(ev.message).toBe("Pager to Pat cancelled: the alarm was acknowledged before delivery");
    await t.db.modemPort.updateMany({ where: { device: { in: ptys.map((p) => p.dte) } }, data: { enabled: true } });
    await waitUntil(
      async () => {
        const rows = await t.db.$queryRawUnsafe<{ state: string }[]>(
          `SELECT state::text FROM pgboss.job WHERE name = $1 AND data->>'notificationId' = $2`,
          QUEUE,
          String(pending.id),
        );
        return rows[0]?.state === "completed";
      },
      60_000,
      200,
    );
    expect(service7e1.calls.length).toBe(calls);
    expect(await t.db.taskRun.count({ where: { alarmId } })).toBe(0);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");
  });
});
