import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { PAGER_QUEUE } from "../../../lib/dispatch/index.ts";
import { failLostPages } from "../../../lib/dispatch/lost-pages.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

describe("a page whose job ended without settling is FAILED, not PENDING for ever (pg-boss 10, real PostgreSQL)", () => {
  const t = useTestDatabase("lost_pages");
  let boss: PgBoss;
  let alarmId = 0;
  let contactId = 0;
  let seq = 0;

  beforeAll(async () => {
    // Failed jobs go to the archive after a second, as they do after pg-boss's own interval.
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2, archiveFailedAfterSeconds: 1, supervise: false });
    await boss.start();
    await boss.createQueue(PAGER_QUEUE, { name: PAGER_QUEUE });
    contactId = (await callerAs(t.db, "ADMIN").contact.create({ name: "Pat", pagerType: "TAP", pagerNumber: "5551234", pagerId: "42" })).id;
    await ingest(t.db, [{ kind: "raise", alarm: { source: "API", productId: "7400000001", severity: "MAJOR", maintObject: "DS1-BD" } }], {
      nodeName: "t",
    });
    alarmId = (await t.db.alarm.findFirstOrThrow()).id;
  });
  afterAll(async () => boss?.stop({ graceful: false }));

  // A pending pager notification `ageMs` old (younger than a minute is not looked at: its job was just written).
  const notification = (ageMs: number) =>
    t.db.notification.create({
      data: {
        alarmId,
        contactId,
        channel: "PAGER",
        idempotencyKey: `p-${seq++}`,
        nodeName: "t",
        epoch: 1,
        createdAt: new Date(Date.now() - ageMs),
      },
    });
  const page = async (opts: PgBoss.SendOptions = {}) => {
    const n = await notification(120_000);
    const jobId = await boss.send(PAGER_QUEUE, { notificationId: n.id, page: { kind: "TAP", number: "1", text: "x" } }, opts);
    return { id: n.id, jobId: jobId ?? "" };
  };
  // pg-boss's maintenance (expiry, archiving), run now instead of on its timer.
  const maintain = () => (boss as unknown as { maintain(): Promise<unknown> }).maintain();
  const fetch = async () => ((await boss.fetch(PAGER_QUEUE, { batchSize: 10 })) ?? []).map((j) => j.id);
  const status = async (id: number) => t.db.notification.findUniqueOrThrow({ where: { id } });

  it("failed for good, timed out on its last attempt or cancelled: FAILED with the job's reason and a timeline entry", async () => {
    const failed = await page({ retryLimit: 0 });
    const timedOut = await page({ retryLimit: 0, expireInSeconds: 1 });
    const cancelled = await page();
    const waiting = await page({ startAfter: 3600 });
    const retrying = await page({ retryLimit: 2, retryDelay: 3600 });
    const got = await fetch();
    expect(got).toEqual(expect.arrayContaining([failed.jobId, timedOut.jobId, cancelled.jobId, retrying.jobId]));
    await boss.fail(PAGER_QUEUE, failed.jobId, new Error("modem on /dev/ttyS1 stopped answering"));
    await boss.fail(PAGER_QUEUE, retrying.jobId, new Error("busy"));
    await boss.cancel(PAGER_QUEUE, cancelled.jobId);
    await new Promise((r) => setTimeout(r, 1200));
    await maintain(); // pg-boss's own expiry: the active job past its expireIn fails

    expect(await failLostPages(t.db, { nodeName: "n1" })).toBe(3);
    expect(await status(failed.id)).toMatchObject({
      status: "FAILED",
      lastError: "the pager job ended without delivering: modem on /dev/ttyS1 stopped answering",
    });
    expect((await status(timedOut.id)).lastError).toBe("the pager job ended without delivering: job failed by timeout in active state");
    expect(await status(cancelled.id)).toMatchObject({ status: "FAILED", lastError: "the pager job ended without delivering: cancelled" });
    for (const n of [waiting, retrying]) expect((await status(n.id)).status).toBe("PENDING");
    const events = await t.db.alarmEvent.findMany({ where: { alarmId, kind: "NOTIFY_FAILED" } });
    expect(events.map((e) => e.message)).toEqual(
      expect.arrayContaining(["Page to Pat failed: the pager job ended without delivering: modem on /dev/ttyS1 stopped answering"]),
    );
    expect(events).toHaveLength(3);
    // Once is enough: a second sweep changes nothing.
    expect(await failLostPages(t.db, { nodeName: "n1" })).toBe(0);
  });

  it("a job archived as failed counts; a job that is gone entirely counts only after an hour", async () => {
    const archived = await page({ retryLimit: 0 });
    await fetch();
    await boss.fail(PAGER_QUEUE, archived.jobId, { message: "no carrier" });
    await new Promise((r) => setTimeout(r, 1200));
    await maintain();
    expect(await t.db.$queryRawUnsafe(`SELECT state::text FROM pgboss.archive WHERE id = $1::uuid`, archived.jobId)).toEqual([
      { state: "failed" },
    ]);
    const goneOld = await notification(2 * 3_600_000);
    const goneNew = await notification(10 * 60_000);
    expect(await failLostPages(t.db, { nodeName: "n1" })).toBe(2);
    expect((await status(archived.id)).lastError).toBe("the pager job ended without delivering: no carrier");
    expect((await status(goneOld.id)).lastError).toBe("the pager job ended without delivering: its job is gone");
    expect((await status(goneNew.id)).status).toBe("PENDING");
  });
});
