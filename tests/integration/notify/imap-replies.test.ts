import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireOrRenewLease, ensureClusterSql, StaleEpochError } from "../../../lib/cluster/index.ts";
import { pollReplies, replyToken } from "../../../lib/dispatch/index.ts";
import { logger } from "../../../lib/log/index.ts";
import { HANDLED_KEYWORD, loadImapConfig, type TImapConfig } from "../../../lib/notify/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { startDovecot, type TDovecot } from "../../support/dovecot.ts";

const KEY = Buffer.alloc(32, 7); // the key callerAs' context encrypts with
const log = logger("imap-test");

const mail = (headers: Record<string, string>, body: string) =>
  `${Object.entries({ Date: new Date().toUTCString(), To: "alarms@example.com", ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;

/*
 * The reply reader against a real Dovecot (Debian dovecot-imapd, own config in a temp dir):
 * mail is delivered by IMAP APPEND, Klaxon reads it with imapflow as the primary would.
 */
describe("acknowledge by replying: the reply mailbox on a real Dovecot", () => {
  const t = useTestDatabase("imap_replies");
  let dove: TDovecot;
  let cfg: TImapConfig;
  let epoch = 0;
  type TCase = "subject" | "body" | "untouched" | "resolved" | "stale";
  const ids = {} as Record<TCase, { alarmId: number; notificationId: number; token: string }>;

  beforeAll(async () => {
    dove = await startDovecot();
    await ensureClusterSql(t.db);
    await t.db.clusterNode.create({ data: { name: "imap-primary", host: "localhost", version: "test", roles: { create: {} } } });
    const lease = await acquireOrRenewLease(t.db, { nodeName: "imap-primary", ttlMs: 600_000 });
    epoch = lease.epoch as number;
    const alice = await t.db.contact.create({ data: { name: "Alice", email: "alice@example.com" } });
    const bob = await t.db.contact.create({ data: { name: "Bob", email: "bob@example.com" } });
    for (const [name, contactId, status] of [
      ["subject", alice.id, "ACTIVE"],
      ["body", bob.id, "ACTIVE"],
      ["untouched", alice.id, "ACTIVE"],
      ["resolved", alice.id, "RESOLVED"],
      ["stale", alice.id, "ACTIVE"],
    ] as const) {
      const a = await t.db.alarm.create({
        data: { source: "SNMP", severity: "MAJOR", maintObject: `DS1-${name}`, dedupKey: `imap-${name}`, status },
      });
      const n = await t.db.notification.create({
        data: {
          alarmId: a.id,
          contactId,
          channel: "EMAIL",
          status: "SENT",
          idempotencyKey: `imap-${name}`,
          nodeName: "imap-primary",
          epoch,
        },
      });
      ids[name] = { alarmId: a.id, notificationId: n.id, token: replyToken(KEY, n.id) };
    }
  });
  afterAll(async () => dove?.stop());

  it("settings.setImap keeps the password encrypted and never returns it; bad input and non-admins are refused", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const saved = await admin.settings.setImap({
      host: "127.0.0.1",
      port: dove.port,
      secure: false,
      starttls: "NEVER",
      user: dove.user,
      password: dove.password,
      pollSec: 5,
    });
    expect(saved).toMatchObject({ host: "127.0.0.1", port: dove.port, user: "noc", mailbox: "INBOX", enabled: true, hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain(dove.password);
    const row = await t.db.setting.findUniqueOrThrow({ where: { key: "imap" } });
    expect(JSON.stringify(row.value)).not.toContain(dove.password);
    expect(JSON.stringify(await admin.settings.getImap())).not.toContain(dove.password);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "settings.setImap" } });
    expect(audit.detail).toMatchObject({ password: "changed" });
    expect(JSON.stringify(audit.detail)).not.toContain(dove.password);
    // Saving again without a password keeps it.
    await admin.settings.setImap({ host: "127.0.0.1", port: dove.port, secure: false, starttls: "NEVER", user: "noc", pollSec: 5 });
    expect(await admin.settings.testImap()).toEqual({ ok: true, mailbox: "INBOX" });
    cfg = (await loadImapConfig(t.db, KEY)) as TImapConfig;
    expect(cfg.password).toBe(dove.password);

    await expect(admin.settings.setImap({ host: "", port: 143, secure: false, user: "x" })).rejects.toThrow(/host is required/);
    await expect(admin.settings.setImap({ host: "h", port: 70000, secure: false, user: "x" })).rejects.toThrow(/port: 1-65535/);
    await expect(admin.settings.setImap({ host: "h", port: 143, secure: false, user: "x", pollSec: 1 })).rejects.toThrow(/5 s/);
    await expect(callerAs(t.db, "TECHNICIAN").settings.getImap()).rejects.toThrow(/FORBIDDEN|admin/i);
    await expect(callerAs(t.db, "VIEWER").settings.setImap({ host: "h", port: 143, secure: false, user: "x" })).rejects.toThrow(
      /FORBIDDEN|admin/i,
    );
  });

  it("replies acknowledge their alarm as the contact; bounces, out-of-office answers, forged tokens, other mail and garbage are left alone", async () => {
    const { subject, body, untouched, resolved } = ids;
    const uid = {
      reply: await dove.deliver(
        mail(
          {
            From: "Alice <alice@example.com>",
            Subject: `Re: ACT MAJOR Acme acme-cm DS1-BD [${subject.token}]`,
            "Message-ID": "<r1@example.com>",
          },
          "On it.\n\n> ACT MAJOR ...",
        ),
      ),
      // A reply from a phone: new subject, the token only in the quoted text, base64 in a multipart/alternative.
      bodyOnly: await dove.deliver(
        mail(
          {
            From: "Bob <bob.mobile@example.net>",
            Subject: "=?UTF-8?B?w5xiZXJub21tZW4=?=",
            "MIME-Version": "1.0",
            "Content-Type": 'multipart/alternative; boundary="b1"',
          },
          `--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from(
            `Übernommen.\n\n> ${body.token}\n`,
          ).toString("base64")}\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>Übernommen</p>\n--b1--\n`,
        ),
      ),
      outOfOffice: await dove.deliver(
        mail(
          {
            From: "Alice <alice@example.com>",
            Subject: `Automatic reply: ACT MAJOR [${untouched.token}]`,
            "Auto-Submitted": "auto-replied",
          },
          `I am out of the office.\n> ${untouched.token}`,
        ),
      ),
      oooNoHeader: await dove.deliver(
        mail({ From: "alice@example.com", Subject: `Out of Office: ACT MAJOR [${untouched.token}]` }, "Back Monday."),
      ),
      bounce: await dove.deliver(
        mail(
          {
            From: "Mail Delivery System <MAILER-DAEMON@mx.example.com>",
            Subject: "Undelivered Mail Returned to Sender",
            "Content-Type": 'multipart/report; report-type=delivery-status; boundary="r"',
          },
          `--r\nContent-Type: text/plain\n\nUser unknown\n--r\nContent-Type: message/rfc822\n\nSubject: ACT MAJOR [${untouched.token}]\n\nx\n--r--\n`,
        ),
      ),
      forged: await dove.deliver(
        mail({ From: "mallory@example.org", Subject: `Re: [KX-${untouched.notificationId}-0123456789]` }, "acknowledge please"),
      ),
      other: await dove.deliver(mail({ From: "boss@example.com", Subject: "Lunch?" }, "Pizza at noon.")),
      garbage: await dove.deliver(
        `Subject: \xff\xfe\x01 broken =?x?Q?==?=\r\nContent-Type: multipart/mixed\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%not base64%%%%\r\n${"x".repeat(5000)}\r\n`,
      ),
      headerless: await dove.deliver("just some text without any header at all\r\n"),
      toResolved: await dove.deliver(mail({ From: "alice@example.com", Subject: `Re: RES [${resolved.token}]` }, "thanks")),
    };
    const r = await pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg, log });
    expect(r).toEqual({ looked: 10, handled: 3, acknowledged: 2, ignored: 7 });

    const a1 = await t.db.alarm.findUniqueOrThrow({ where: { id: subject.alarmId } });
    expect(a1).toMatchObject({ status: "ACKNOWLEDGED", acknowledgedBy: "Alice (email reply)" });
    const e1 = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId: subject.alarmId, kind: "ACKNOWLEDGED" } });
    expect(e1).toMatchObject({ actor: "Alice (email reply)", nodeName: "imap-primary" });
    expect(e1.message).toBe("Acknowledged: by Alice replying to the alarm email");
    const e2 = await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId: body.alarmId, kind: "ACKNOWLEDGED" } });
    expect(e2.message).toBe("Acknowledged: by Bob replying to the alarm email (sent from bob.mobile@example.net)");
    expect((await t.db.alarm.findUniqueOrThrow({ where: { id: untouched.alarmId } })).status).toBe("ACTIVE");
    expect((await t.db.alarm.findUniqueOrThrow({ where: { id: resolved.alarmId } })).status).toBe("RESOLVED");
    expect((await t.db.alarmEvent.findFirstOrThrow({ where: { alarmId: resolved.alarmId, kind: "REPLY" } })).message).toBe(
      "Reply from Alice: the alarm was already resolved",
    );
    const audits = await t.db.auditLog.findMany({ where: { action: "alarm.acknowledge.reply" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.actorName, a.target])).toEqual([
      ["Alice (email reply)", `alarm ${subject.alarmId}`],
      ["Bob (email reply)", `alarm ${body.alarmId}`],
      ["Alice (email reply)", `alarm ${resolved.alarmId}`],
    ]);

    // Only what Klaxon acted on is flagged; everything else keeps its flags (unread stays unread).
    const flags = new Map((await dove.messages()).map((m) => [m.uid, m.flags]));
    for (const u of [uid.reply, uid.bodyOnly, uid.toResolved])
      expect(flags.get(u)).toEqual(expect.arrayContaining(["\\Seen", HANDLED_KEYWORD]));
    for (const u of [uid.outOfOffice, uid.oooNoHeader, uid.bounce, uid.forged, uid.other, uid.garbage, uid.headerless])
      expect(flags.get(u)?.filter((f) => f !== "\\Recent")).toEqual([]);
    expect(flags.size).toBe(10);

    // Read once: the next look finds nothing new, and a new reply is read on its own.
    expect(await pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg, log })).toEqual({
      looked: 0,
      handled: 0,
      acknowledged: 0,
      ignored: 0,
    });
    await dove.deliver(mail({ From: "alice@example.com", Subject: `RE: AW: [${untouched.token.toLowerCase()}]` }, "mine"));
    expect(await pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg, log })).toMatchObject({
      looked: 1,
      acknowledged: 1,
    });
    const state = await t.db.mailboxPoll.findFirstOrThrow();
    expect(state).toMatchObject({ ok: true, error: null, handled: 4, nodeName: "imap-primary", epoch });
  });

  it("a stale primary acknowledges nothing; the live one then reads the same reply", async () => {
    const { stale } = ids;
    await dove.deliver(mail({ From: "alice@example.com", Subject: `Re: [${stale.token}]` }, "ok"));
    await expect(pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch: epoch - 1, cfg, log })).rejects.toBeInstanceOf(
      StaleEpochError,
    );
    expect((await t.db.alarm.findUniqueOrThrow({ where: { id: stale.alarmId } })).status).toBe("ACTIVE");
    expect(await pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg, log })).toMatchObject({
      looked: 1,
      acknowledged: 1,
    });
    expect((await t.db.alarm.findUniqueOrThrow({ where: { id: stale.alarmId } })).status).toBe("ACKNOWLEDGED");
  });

  it("a wrong password or an unreachable server fails the look with the reason, kept for the Settings page", async () => {
    await expect(
      pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg: { ...cfg, password: "wrong" }, log }),
    ).rejects.toThrow(/login refused|AUTHENTICATIONFAILED|Authentication failed/i);
    const row = await t.db.mailboxPoll.findFirstOrThrow();
    expect(row.ok).toBe(false);
    expect(row.error).toMatch(/IMAP 127\.0\.0\.1:\d+: .*(login refused|Authentication failed)/i);
    await expect(
      pollReplies({ db: t.db, key: KEY, nodeName: "imap-primary", epoch, cfg: { ...cfg, mailbox: "NoSuchFolder" }, log }),
    ).rejects.toThrow(/mailbox "NoSuchFolder"/);
    await expect(callerAs(t.db, "ADMIN").settings.setImap({ ...cfg, password: undefined, port: 1 })).resolves.toBeTruthy();
    await expect(callerAs(t.db, "ADMIN").settings.testImap()).rejects.toThrow(/the reply mailbox cannot be read: IMAP 127\.0\.0\.1:1: /);
  });
});
