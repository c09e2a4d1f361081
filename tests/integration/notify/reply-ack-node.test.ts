import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { createContact, createPolicy } from "../../../lib/dispatch/index.ts";
import { setImapSettings, setSmtpSettings } from "../../../lib/notify/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import { waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";
import { startDovecot, type TDovecot } from "../../support/dovecot.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

const SECRET = "reply-ack-node-test-secret-0123456789abcdef";

/*
 * The whole loop on a real node process: alarm → email at a real SMTP server → the contact's
 * reply (Re: the same subject) delivered into a real Dovecot → the primary reads it and the
 * alarm is acknowledged as the contact; level 2 is never sent.
 */
describe("a reply to the alarm email acknowledges the alarm on a running node", () => {
  const { t, harness } = useClusterTest("reply_ack_node");
  let smtp: TSmtpCatcher;
  let dove: TDovecot;
  beforeAll(async () => {
    [smtp, dove] = await Promise.all([startSmtpCatcher(), startDovecot()]);
    const key = loadSecretKey({ secretKey: SECRET, dataDir: "" });
    await setSmtpSettings(t.db, key, { host: "127.0.0.1", port: smtp.port, secure: false, starttls: "NEVER", from: "alarms@example.com" });
    await setImapSettings(t.db, key, {
      host: "127.0.0.1",
      port: dove.port,
      secure: false,
      starttls: "NEVER",
      user: dove.user,
      password: dove.password,
      pollSec: 5,
    });
    const alice = await createContact(t.db, key, { name: "Alice", email: "alice@example.com" });
    const bob = await createContact(t.db, key, { name: "Bob", email: "bob@example.com" });
    await createPolicy(t.db, {
      name: "all",
      levels: [
        { afterSec: 0, contactIds: [alice.id], channels: ["EMAIL"] },
        { afterSec: 40, contactIds: [bob.id], channels: ["EMAIL"] },
      ],
    });
  });
  afterAll(async () => {
    await smtp?.close();
    await dove?.stop();
  });

  it("Re: the alarm mail → ACKNOWLEDGED by 'Alice (email reply)' within the poll period; the reply is flagged, level 2 never sent", async () => {
    const h = harness({ KLAXON_SECRET_KEY: SECRET });
    await h.startReady("reply-node");
    const { created } = await ingest(
      t.db,
      [{ kind: "raise", alarm: { source: "SNMP", productId: "7100000001", severity: "MAJOR", maintObject: "DS1-BD", port: "01A05" } }],
      { nodeName: "test" },
    );
    const alarmId = created[0] as number;
    const sent = await waitUntil(async () => smtp.mails.find((m) => m.headers.get("x-klaxon-alarm") === String(alarmId)), 30_000, 100);
    const subject = sent.headers.get("subject") as string;
    expect(subject).toMatch(/\[KX-\d+-[0-9a-f]{10}\]$/);
    const uid = await dove.deliver(
      [
        "From: Alice <alice@example.com>",
        "To: alarms@example.com",
        `Subject: Re: ${subject}`,
        `In-Reply-To: ${sent.headers.get("message-id")}`,
        `Date: ${new Date().toUTCString()}`,
        "",
        "Taking it.",
        "",
      ].join("\r\n"),
    );
    const acked = await waitUntil(
      async () => {
        const a = await t.db.alarm.findUniqueOrThrow({ where: { id: alarmId } });
        return a.status === "ACKNOWLEDGED" ? a : null;
      },
      30_000,
      200,
    );
    expect(acked.acknowledgedBy).toBe("Alice (email reply)");
    const ev = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId, kind: "ACKNOWLEDGED" } });
    expect(ev).toMatchObject({ nodeName: "reply-node", message: "Acknowledged: by Alice replying to the alarm email" });
    expect((await dove.messages()).find((m) => m.uid === uid)?.flags).toContain("\\Seen");
    expect(await t.db.auditLog.count({ where: { action: "alarm.acknowledge.reply", target: `alarm ${alarmId}` } })).toBe(1);
    await waitUntil(
      async () =>
        (await t.db.alarmEvent.findFirst({ where: { alarmId, kind: "DISPATCH", message: { contains: "Escalation stopped" } } })) ?? null,
      15_000,
      200,
    );
    expect(smtp.mails.filter((m) => m.to.includes("bob@example.com"))).toHaveLength(0);
    expect(await t.db.mailboxPoll.findFirstOrThrow()).toMatchObject({ ok: true, nodeName: "reply-node", handled: 1 });
  });
});
