import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { acknowledgeAlarms, resolveAlarms } from "../../../lib/alarms/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

const raise = (productId: string, maintObject: string, extra: Record<string, unknown> = {}) => ({
  kind: "raise" as const,
  alarm: { source: "SNMP" as const, productId, severity: "MAJOR" as const, maintObject, port: "01A05", alarmType: "MAJOR", ...extra },
});

describe("dispatcher on a real node: alarm → email through a real SMTP server", () => {
  const { t, harness } = useClusterTest("dispatch");
  let smtp: TSmtpCatcher;
  let contactId = 0;
  let laterId = 0;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "Klaxon <alarms@example.com>" });
    const cust = await t.db.customer.create({ data: { name: "Acme" } });
    await t.db.system.create({ data: { name: "acme-cm", productId: "7000000001", customerId: cust.id } });
    contactId = (await admin.contact.create({ name: "Alice", email: "alice@example.com" })).id;
    laterId = (await admin.contact.create({ name: "Bob", email: "bob@example.com" })).id;
    await admin.escalation.create({
      name: "DS1 faults",
      match: { maintObject: "DS1*" },
      levels: [
        { afterSec: 0, contactIds: [contactId], channels: ["EMAIL"] },
        { afterSec: 3, contactIds: [laterId], channels: ["EMAIL"] },
      ],
      notifyResolved: true,
    });
  });
  afterAll(async () => smtp.close());

  it("a new alarm is mailed at once with links, a stable Message-ID and its token; repeats do not mail; acknowledging stops level 2; resolving answers the first mail", async () => {
    const h = harness({ KLAXON_PUBLIC_URL: "https://klaxon.example.net" });
    await h.startReady("n1");
    await waitUntil(() => t.db.singletonAction.findFirst({ where: { kind: "dispatcher" } }), 30_000);

    const { created } = await ingest(t.db, [raise("7000000001", "DS1-BD")], { nodeName: "test" });
    const alarmId = created[0] as number;
    const mail = await waitUntil(async () => smtp.mails.find((m) => m.to.includes("alice@example.com")), 15_000);
    expect(mail.headers.get("subject")).toMatch(/ACT MAJOR.*Acme.*acme-cm.*DS1-BD.*\[KX-\d+-[0-9a-f]{10}\]/);
    expect(mail.text).toContain(`https://klaxon.example.net/alarms/${alarmId}`);
    expect(mail.text).toMatch(/https:\/\/klaxon\.example\.net\/ack\/\d+\.\d+\.[A-Za-z0-9_-]{24}/);
    expect(mail.headers.get("message-id")).toBe(`<klaxon.${alarmId}.1.${contactId}.email@klaxon.example.net>`);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);

    await ingest(t.db, [raise("7000000001", "DS1-BD")], { nodeName: "test" });
    const n = await waitUntil(async () => {
      const items = (await callerAs(t.db, "VIEWER").notification.list({ alarmId })).items;
      return items.length && items.every((i) => i.status === "SENT") ? items : null;
    });
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ alarmId, contactId, channel: "EMAIL", level: 1, status: "SENT", attempts: 1, lastError: null });

    await acknowledgeAlarms(t.db, { ids: [alarmId], actor: { name: "tech", nodeName: "test" } });
    await new Promise((r) => setTimeout(r, 4500));
    expect(smtp.mails.filter((m) => m.to.includes("bob@example.com"))).toHaveLength(0);

    await resolveAlarms(t.db, { ids: [alarmId], actor: { name: "tech", nodeName: "test" } });
    const resolved = await waitUntil(async () => smtp.mails.find((m) => m.headers.get("subject")?.startsWith("RESOLVED")), 15_000);
    expect(resolved.to).toEqual(["alice@example.com"]);
    expect(resolved.headers.get("in-reply-to")).toBe(mail.headers.get("message-id"));
    const timeline = await t.db.alarmEvent.findMany({ where: { alarmId }, orderBy: { id: "asc" } });
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["RECEIVED", "NOTIFIED", "ACKNOWLEDGED", "RESOLVED"]));
    expect(smtp.mails.filter((m) => m.headers.get("x-klaxon-alarm") === String(alarmId))).toHaveLength(2);
  });

  it("an unacknowledged alarm escalates to level 2; test alarms, silenced alarms and alternate type NONE are stored but not mailed", async () => {
    const h = harness();
    await h.startReady("n2");
    const admin = callerAs(t.db, "ADMIN");
    await admin.moOverride.set({ maintObject: "DS1-QUIET", alarmType: "NONE" });
    await admin.silence.create({ match: { maintObject: "DS1-SILENT" }, durationMin: 10, comment: "carrier work" });
    await ingest(
      t.db,
      [
        raise("7000000001", "DS1-LOOP", { port: "02" }),
        raise("7000000001", "DS1-TEST", { source: "TEST" }),
        raise("7000000001", "DS1-QUIET"),
        raise("7000000001", "DS1-SILENT"),
      ],
      { nodeName: "test" },
    );
    const idOf = async (mo: string) => (await t.db.alarm.findFirstOrThrow({ where: { maintObject: mo } })).id;
    const [loop, test, quiet, silent] = [await idOf("DS1-LOOP"), await idOf("DS1-TEST"), await idOf("DS1-QUIET"), await idOf("DS1-SILENT")];
    await waitUntil(
      async () => smtp.mails.find((m) => m.to.includes("bob@example.com") && m.headers.get("x-klaxon-alarm") === String(loop)),
      60_000,
    );
    const outcome = async (id: number) => (await t.db.alarmDispatch.findUnique({ where: { alarmId: id } }))?.outcome;
    expect(await outcome(test)).toBe("Not notified: test alarm (source TEST)");
    expect(await outcome(quiet)).toBe("Not notified: alternate alarm type NONE for DS1-QUIET");
    const silentEvents = await waitUntil(async () => {
      const e = await t.db.alarmEvent.findMany({ where: { alarmId: silent, kind: "DISPATCH" } });
      return e.length >= 2 ? e : null;
    }, 15_000);
    expect(silentEvents.map((e) => e.message)).toContain("Level 1 not notified: silenced (carrier work)");
    for (const id of [test, quiet, silent])
      expect(smtp.mails.filter((m) => m.headers.get("x-klaxon-alarm") === String(id))).toHaveLength(0);
    expect(await t.db.alarm.count({ where: { id: { in: [test, quiet, silent] } } })).toBe(3);
  });

  it("an SMTP server that refuses ends as FAILED with its reason on the notification and the timeline", async () => {
    const h = harness({ SMTP_TIMEOUT_MS: "1000" });
    await h.startReady("n3");
    smtp.mode.refuse = true;
    // Back-off between attempts is 2, 10, 30 … s: make the retries due now so the test sees the last one.
    const { created } = await ingest(t.db, [raise("7000000001", "DS1-REFUSED")], { nodeName: "test" });
    const alarmId = created[0] as number;
    const failed = await waitUntil(
      async () => {
        await t.db.notification.updateMany({ where: { alarmId, status: "PENDING" }, data: { nextAttemptAt: new Date(0) } });
        return t.db.notification.findFirst({ where: { alarmId, status: "FAILED" } });
      },
      30_000,
      200,
    );
    smtp.mode.refuse = false;
    expect(failed.attempts).toBe(5);
    expect(failed.lastError).toMatch(/refused the recipient.*550/);
    const ev = await t.db.alarmEvent.findFirst({ where: { alarmId, kind: "NOTIFY_FAILED" } });
    expect(ev?.message).toMatch(/Email to Alice failed after 5 attempt\(s\): .*550/);
  });
});
