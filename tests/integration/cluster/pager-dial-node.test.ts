import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { currentPrimary, ensureClusterSql } from "../../../lib/cluster/index.ts";
import { enqueue, type TQueuePayloads } from "../../../lib/jobs/index.ts";
import { modemOnPty, type TPtyModem } from "../../sim/modem-on-pty.ts";
import { PagingTerminal } from "../../sim/paging-terminal.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../../sim/pty-pair.ts";
import { callerAs } from "../../support/api-caller.ts";
import { ClusterHarness, waitUntil } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const QUEUE = "task.pager-dial.modem";
const TAP = "5550200";
type TPage = TQueuePayloads[typeof QUEUE]["page"];

/*
 * A real node process (workers/node-worker.ts, as `klaxon start` runs it) with two dial-out
 * ports on PTYs (simulated modems on the far ends), the paging-terminal simulator on the
 * simulated phone network, and pager jobs enqueued the way the dispatcher does.
 */
describe("task.pager-dial.modem on a real node: Notification rows, TaskRuns, retries on another port", () => {
  const t = useTestDatabase("pager-dial-node");
  const network = new PhoneNetwork({ ringIntervalMs: 200, connectDelayMs: 50 });
  const terminal = new PagingTerminal({ network, number: TAP, numericNumbers: ["5550300"], lines: 4 });
  const ptys: TPtyPair[] = [];
  const modems: TPtyModem[] = [];
  const harness = () => h;
  let h: ClusterHarness;
  let boss: PgBoss;
  let alarmId = 0;
  let contactId = 0;
  let serial = 0;

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    for (let i = 0; i < 2; i++) {
      const pty = await openPtyPair();
      ptys.push(pty);
      modems.push(await modemOnPty(pty.modem, { network, number: `555090${i}`, guardMs: 50 }));
    }
    h = new ClusterHarness(t.url);
    await harness().startReady("pager-a");
    const node = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "pager-a" } });
    await t.db.modemPort.createMany({ data: ptys.map((p) => ({ nodeId: node.id, device: p.dte, purpose: "DIALOUT" as const })) });
    await waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 2, 30_000, 100);
    alarmId = (
      await t.db.alarm.create({ data: { source: "API", severity: "MAJOR", maintObject: "DS1-BD", port: "01A05", dedupKey: "pager-test" } })
    ).id;
    contactId = (await t.db.contact.create({ data: { name: "Night Tech", pagerType: "TAP", pagerNumber: TAP, pagerId: "4001" } })).id;
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

  /** A PENDING pager Notification (inserted under the primary's lease, as the fenced dispatcher does) and its job. */
  const page = async (p: Partial<TPage> = {}, opts: PgBoss.SendOptions = {}) => {
    const lease = await waitUntil(async () => await currentPrimary(t.db), 20_000);
    const n = await t.db.notification.create({
      data: {
        alarmId,
        contactId,
        channel: "PAGER",
        idempotencyKey: `pager-${serial++}`,
        nodeName: lease.holderName ?? "",
        epoch: lease.epoch,
      },
    });
    const page: TPage = { kind: "TAP", number: TAP, pagerId: "4001", text: "MAJOR DS1-BD 01A05 on Demo G3", ...p };
    const jobId = await enqueue(boss, QUEUE, { notificationId: n.id, page }, { retryDelay: 1, retryBackoff: false, ...opts });
    return { id: n.id, jobId: jobId ?? "" };
  };
  const settled = (id: number) =>
    waitUntil(
      async () => {
        const n = await t.db.notification.findUniqueOrThrow({ where: { id } });
        return n.status !== "PENDING" ? n : null;
      },
      60_000,
      100,
    );
  const runs = (jobId: string) => t.db.taskRun.findMany({ where: { jobId }, orderBy: { id: "asc" } });
  const portsIdle = () => waitUntil(async () => (await t.db.modemPort.count({ where: { status: "IDLE" } })) === 2, 15_000, 100);

  it("a TAP page is sent: Notification SENT, a PASSED TaskRun with the transcript, NOTIFIED on the timeline, ports IDLE", async () => {
    const before = terminal.pages.length;
    const { id, jobId } = await page();
    const n = await settled(id);
    expect(n).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
    expect(n.sentAt).toBeInstanceOf(Date);
    expect(terminal.pages.slice(before)).toMatchObject([{ pagerId: "4001", message: "MAJOR DS1-BD 01A05 on Demo G3" }]);
    const [run] = await runs(jobId);
    expect(run).toMatchObject({ kind: "PAGER_DIAL", status: "PASSED", nodeName: "pager-a", connectionType: "MODEM", alarmId, attempts: 1 });
    expect(ptys.map((p) => p.dte)).toContain(run?.port);
    expect(run?.transcript).toContain("<STX>4001<CR>MAJOR DS1-BD 01A05 on Demo G3<CR><ETX>");
    expect(run?.transcript).toContain("< 211 Page(s) Sent Successfully");
    const events = await t.db.alarmEvent.findMany({ where: { alarmId, kind: "NOTIFIED" } });
    expect(events.at(-1)?.message).toMatch(/^Level 1 paged to Night Tech \(TAP pager 4001 via 5550200\) from pager-a /);
    await portsIdle();
  });

  it("carrier lost on the first call: the retry runs on the other port and the page goes through", async () => {
    const first = terminal.calls.length + 1;
    terminal.faults = (n) => (n === first ? { dropAfterBytes: 6 } : {});
    const { id, jobId } = await page();
    const n = await settled(id);
    terminal.faults = {};
    expect(n).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    const [failed, passed] = await runs(jobId);
    expect(failed).toMatchObject({ status: "FAILED", reason: "carrier lost while sending block 1 of 1", attempts: 1 });
    expect(passed).toMatchObject({ status: "PASSED", attempts: 2 });
    expect(passed?.port).not.toBe(failed?.port);
    await portsIdle();
  });

  it("a password is used and never stored: not in the transcript, not in the run's request", async () => {
    terminal.faults = {};
    const { id, jobId } = await page({ password: "S3CRET" });
    // The simulator has no password set, so it refuses this logon: 509, the same on any port, so no retry.
    const n = await settled(id);
    expect(n).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(n.lastError).toMatch(/509 Invalid logon attempt: invalid password/);
    const all = JSON.stringify(await runs(jobId));
    expect(all).not.toContain("S3CRET");
    expect(all).toContain("<ESC>PG1******<CR>");
  });

  it("RS from the terminal: FAILED at once with its text (no retry), NOTIFY_FAILED on the timeline", async () => {
    terminal.faults = { rs: "511 Invalid Pager ID - no subscriber" };
    const { id, jobId } = await page();
    const n = await settled(id);
    terminal.faults = {};
    expect(n).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: "the paging terminal refused the page (RS): 511 Invalid Pager ID - no subscriber",
    });
    expect(await runs(jobId)).toHaveLength(1);
    expect((await boss.getJobById(QUEUE, jobId))?.state).toBe("completed");
    const ev = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId, kind: "NOTIFY_FAILED" }, orderBy: { id: "desc" } });
    expect(ev.message).toBe(
      "Page to Night Tech failed after 1 attempt(s): the paging terminal refused the page (RS): 511 Invalid Pager ID - no subscriber",
    );
  });

  it("a busy service on every attempt: retried with the limit, then FAILED with the reason; no port left BUSY", async () => {
    terminal.faults = { busy: true };
    const { id, jobId } = await page({}, { retryLimit: 2 });
    const n = await settled(id);
    terminal.faults = {};
    expect(n).toMatchObject({ status: "FAILED", attempts: 3, lastError: "the line is busy (BUSY)" });
    const r = await runs(jobId);
    expect(r.map((x) => x.attempts)).toEqual([1, 2, 3]);
    expect(new Set(r.map((x) => x.port)).size).toBe(2);
    await waitUntil(async () => (await boss.getJobById(QUEUE, jobId))?.state === "failed", 10_000, 100);
    await portsIdle();
  });

  it("bad input is refused before any call: FAILED with the reason, nothing dialled", async () => {
    const calls = terminal.calls.length;
    const { id, jobId } = await page({ pagerId: "40 01" });
    const n = await settled(id);
    expect(n.status).toBe("FAILED");
    expect(n.lastError).toMatch(/pager ID of 1-32 printable characters without spaces/);
    expect((await runs(jobId))[0]).toMatchObject({ status: "FAILED", transcript: "" });
    expect(terminal.calls.length).toBe(calls);
  });

  it("a numeric page: the service hears the digits", async () => {
    const { id } = await page({ kind: "NUMERIC", number: "5550300", text: `1${alarmId}` });
    expect((await settled(id)).status).toBe("SENT");
    expect(terminal.numericPages.at(-1)).toMatchObject({ number: "5550300", digits: `1${alarmId}` });
  });

  it("the dispatcher pages: an alarm matching a PAGER policy reaches the TAP terminal and the numeric pager", async () => {
    terminal.faults = {};
    const admin = callerAs(t.db, "ADMIN");
    const tap = await admin.contact.create({ name: "Pager Pat", pagerType: "TAP", pagerNumber: TAP, pagerId: "4002" });
    const num = await admin.contact.create({ name: "Numeric Nick", pagerType: "NUMERIC", pagerNumber: "5550300" });
    await admin.escalation.create({
      name: "TDM pages",
      match: { maintObject: "TDM*" },
      levels: [{ afterSec: 0, contactIds: [tap.id, num.id], channels: ["PAGER"] }],
    });
    const { created } = await ingest(
      t.db,
      [
        {
          kind: "raise",
          alarm: { source: "SNMP", productId: "7000000042", severity: "MAJOR", maintObject: "TDM-BUS", port: "01A", alarmType: "MAJOR" },
        },
      ],
      { nodeName: "test" },
    );
    const alarm = created[0] as number;
    const rows = await waitUntil(
      async () => {
        const r = await t.db.notification.findMany({ where: { alarmId: alarm, channel: "PAGER" }, orderBy: { contactId: "asc" } });
        return r.length === 2 && r.every((n) => n.status !== "PENDING") ? r : null;
      },
      60_000,
      200,
    );
    expect(rows.map((n) => n.status)).toEqual(["SENT", "SENT"]);
    expect(terminal.pages.find((p) => p.pagerId === "4002")?.message).toContain("TDM-BUS");
    expect(terminal.numericPages.map((p) => p.digits)).toContain(`1${alarm}`);
    const events = await t.db.alarmEvent.findMany({ where: { alarmId: alarm, kind: "NOTIFIED" } });
    expect(events.map((e) => e.message).sort()).toEqual([
      expect.stringMatching(/^Level 1 paged to Numeric Nick \(numeric pager 5550300\)/),
      expect.stringMatching(/^Level 1 paged to Pager Pat \(TAP pager 4002 via 5550200\)/),
    ]);
  });
});
