import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlarms, ingest, resolveAlarms } from "../../../lib/alarms/index.ts";
import { ensureClusterSql, registerNode } from "../../../lib/cluster/index.ts";
import {
  ackLinkView,
  advanceDue,
  closeAnswered,
  confirmAckLink,
  deliverEmails,
  planNewAlarms,
  signAckLink,
  type TPageJob,
} from "../../../lib/dispatch/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

/**
 * The dispatcher's rules run through the real engine against a real database and SMTP server,
 * one pass at a time, so each rule is seen deciding (the node-level tests see the whole loop).
 */
describe("dispatcher rules: alternate alarm types, duty hours, silences ending, re-raise, templates, acknowledge links", () => {
  const t = useTestDatabase("dispatch_rules");
  const pages: TPageJob[] = [];
  let smtp: TSmtpCatcher;
  const key = Buffer.alloc(32, 9);
  const ctx = () => ({
    db: t.db,
    nodeName: "t",
    epoch: 1,
    key,
    publicUrl: "https://klaxon.test",
    domain: "klaxon.test",
    ackLinkTtlMs: 3_600_000,
    sendPage: async (job: TPageJob) => {
      pages.push(job);
    },
    smtpTimeoutMs: 3000,
    stillPrimary: () => true,
  });
  const pass = async () => {
    await planNewAlarms(ctx());
    await closeAnswered(ctx());
    await advanceDue(ctx());
  };
  const raise = (productId: string, maintObject: string, extra: Record<string, unknown> = {}) => ({
    kind: "raise" as const,
    alarm: { source: "SNMP" as const, productId, severity: "MAJOR" as const, maintObject, port: "01A05", ...extra },
  });
  const raiseOne = async (productId: string, mo: string, extra: Record<string, unknown> = {}) => {
    const r = await ingest(t.db, [raise(productId, mo, extra)], { nodeName: "test" });
    return (r.created[0] ?? r.repeated[0]) as number;
  };
  const notes = (alarmId: number) => t.db.notification.findMany({ where: { alarmId }, orderBy: { id: "asc" } });
  const timeline = async (alarmId: number) =>
    (await t.db.alarmEvent.findMany({ where: { alarmId }, orderBy: { id: "asc" } })).map((e) => e.message ?? "");
  const localHHMM = (tz: string, offsetMin: number) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
      new Date(Date.now() + offsetMin * 60_000),
    );

  let acmeSys = 0;
  let acme = 0;
  let alice = 0;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    await ensureClusterSql(t.db);
    await registerNode(t.db, { name: "t", version: "0.1.0" });
    await t.db.$executeRawUnsafe(
      `UPDATE "PrimaryLease" SET "holderName" = 't', epoch = 1, "expiresAt" = (now() AT TIME ZONE 'UTC') + interval '1 hour'`,
    );
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
    acme = (await t.db.customer.create({ data: { name: "Acme" } })).id;
    const beta = await t.db.customer.create({ data: { name: "Beta" } });
    acmeSys = (await t.db.system.create({ data: { name: "acme-cm", productId: "7100000001", customerId: acme } })).id;
    await t.db.system.create({ data: { name: "beta-cm", productId: "7100000002", customerId: beta.id } });
    alice = (await admin.contact.create({ name: "Alice", email: "alice@example.com" })).id;
  });
  afterAll(async () => smtp?.close());

  it("alternate alarm types: MAJOR/MINOR/WARNING replace the severity before storing, a system's own rule beats the general one, DROP stores nothing and is counted as dropped by rule", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.moOverride.set({ maintObject: "ALT-MIN", alarmType: "MINOR" });
    await admin.moOverride.set({ maintObject: "alt-warn", alarmType: "WARNING" });
    await admin.moOverride.set({ maintObject: "ALT-MIN", systemId: acmeSys, alarmType: "MAJOR" });
    await admin.moOverride.set({ maintObject: "ALT-DROP", alarmType: "DROP" });
    const minorElsewhere = await raiseOne("7100000002", "ALT-MIN", { severity: "CRITICAL" });
    const majorAtAcme = await raiseOne("7100000001", "ALT-MIN", { severity: "WARNING" });
    const warn = await raiseOne("7100000002", "ALT-WARN", { severity: "CRITICAL" });
    const r = await ingest(t.db, [raise("7100000001", "ALT-DROP")], { nodeName: "test" });
    const sev = async (id: number) => (await t.db.alarm.findUniqueOrThrow({ where: { id } })).severity;
    expect([await sev(minorElsewhere), await sev(majorAtAcme), await sev(warn)]).toEqual(["MINOR", "MAJOR", "WARNING"]);
    expect(r.created).toEqual([]);
    expect(await t.db.alarm.count({ where: { maintObject: "ALT-DROP" } })).toBe(0);
    const rejected = await callerAs(t.db, "VIEWER").alarm.rejected();
    expect(JSON.stringify(rejected)).toContain(
      "dropped by rule: alternate alarm type DROP for maintenance object ALT-DROP (product ID 7100000001)",
    );
    const audited = await t.db.auditLog.findMany({ where: { action: { startsWith: "moOverride" } } });
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });

  it("duty hours: a contact off duty in their own time zone is skipped with the reason on the timeline; one on duty in another time zone is told", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const days = [0, 1, 2, 3, 4, 5, 6];
    const night = await admin.contact.create({
      name: "Nora",
      email: "nora@example.com",
      // From an hour ago to an hour from now in Auckland (an overnight shift when that straddles midnight).
      dutyHours: { days, from: localHHMM("Pacific/Auckland", -60), to: localHHMM("Pacific/Auckland", 60), timeZone: "Pacific/Auckland" },
    });
    const off = await admin.contact.create({
      name: "Omar",
      email: "omar@example.com",
      dutyHours: { days, from: localHHMM("Asia/Kolkata", 120), to: localHHMM("Asia/Kolkata", 180), timeZone: "Asia/Kolkata" },
    });
    await admin.escalation.create({
      name: "duty",
      match: { maintObject: "DUTY-*" },
      levels: [{ afterSec: 0, contactIds: [night.id, off.id], channels: ["EMAIL"] }],
    });
    const id = await raiseOne("7100000001", "DUTY-1");
    await pass();
    expect((await notes(id)).map((n) => n.contactId)).toEqual([night.id]);
    expect(await timeline(id)).toContain("Level 1: not notified Omar: off duty");
    await deliverEmails(ctx());
    expect(smtp.mails.filter((m) => m.headers.get("x-klaxon-alarm") === String(id)).map((m) => m.to)).toEqual([["nora@example.com"]]);
  });

  it("a silence that ends does not notify what it held back; a level that comes due after its end is sent while the alarm is unacknowledged", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.escalation.create({
      name: "silence",
      match: { maintObject: "SIL-*" },
      levels: [
        { afterSec: 0, contactIds: [alice], channels: ["EMAIL"] },
        { afterSec: 2, contactIds: [alice], channels: ["EMAIL"] },
      ],
    });
    const s = await admin.silence.create({ match: { maintObject: "SIL-*" }, durationMin: 60, comment: "cutover" });
    const acked = await raiseOne("7100000001", "SIL-ACKED");
    const open = await raiseOne("7100000001", "SIL-OPEN");
    await pass();
    expect(await notes(open)).toEqual([]);
    expect(await timeline(open)).toContain("Level 1 not notified: silenced (cutover)");
    await admin.silence.expire({ id: s.id });
    await acknowledgeAlarms(t.db, { ids: [acked], actor: { name: "tech", nodeName: "test" } });
    await pass();
    expect(await notes(open)).toEqual([]); // level 1 is not sent afterwards
    await new Promise((r) => setTimeout(r, 2100));
    await pass();
    expect((await notes(open)).map((n) => n.level)).toEqual([2]);
    expect(await notes(acked)).toEqual([]);
  });

  it("repeats of an open alarm do not notify again; resolved and raised again, it is a new alarm and does", async () => {
    await callerAs(t.db, "ADMIN").escalation.create({
      name: "again",
      match: { maintObject: "AGAIN" },
      levels: [{ afterSec: 0, contactIds: [alice], channels: ["EMAIL"] }],
    });
    const first = await raiseOne("7100000001", "AGAIN");
    await pass();
    expect(await raiseOne("7100000001", "AGAIN")).toBe(first);
    await pass();
    expect(await notes(first)).toHaveLength(1);
    await resolveAlarms(t.db, { ids: [first], actor: { name: "tech", nodeName: "test" } });
    await pass();
    const second = await raiseOne("7100000001", "AGAIN");
    expect(second).not.toBe(first);
    await pass();
    expect(await notes(first)).toHaveLength(1);
    expect((await notes(second)).map((n) => [n.contactId, n.level, n.status])).toEqual([[alice, 1, "PENDING"]]);
  });

  it("a customer's template shapes its mail and pages; other customers keep Default", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.template.save({
      customerId: acme,
      template: {
        subject: "ACME {severity} on {system} [{mo}]",
        body: "Ticket text: {description} at {port}; ack {ackLink}",
        html: "<p>ACME: {description}</p>",
        pagerText: "ACME {mo} {port} #{alarmId}",
      },
    });
    const tap = await admin.contact.create({ name: "Pat", pagerType: "TAP", pagerNumber: "5551234", pagerId: "123456" });
    await admin.escalation.create({
      name: "tpl",
      match: { maintObject: "TPL-*" },
      levels: [{ afterSec: 0, contactIds: [alice, tap.id], channels: ["EMAIL", "PAGER"] }],
    });
    const a = await raiseOne("7100000001", "TPL-A", { description: "loss of <signal>" });
    const b = await raiseOne("7100000002", "TPL-B");
    await pass();
    await deliverEmails(ctx());
    const mailOf = (id: number) => smtp.mails.find((m) => m.headers.get("x-klaxon-alarm") === String(id));
    expect(mailOf(a)?.headers.get("subject")).toMatch(/^ACME MAJOR on acme-cm \[TPL-A\]/);
    expect(mailOf(a)?.text).toMatch(/Ticket text: loss of <signal> at 01A05; ack https:\/\/klaxon\.test\/ack\//);
    expect(mailOf(a)?.text).toContain("<p>ACME: loss of &lt;signal&gt;</p>");
    expect(mailOf(b)?.headers.get("subject")).toMatch(/^\[ACT MAJOR\] Beta beta-cm: TPL-B/);
    expect(pages.find((p) => p.page.kind === "TAP" && p.page.text.startsWith("ACME"))?.page.text).toBe(`ACME TPL-A 01A05 #${a}`);
    expect(pages.find((p) => p.page.kind === "TAP" && p.page.text.includes("TPL-B"))?.page.text).toMatch(/^ACT MAJOR beta-cm TPL-B/);
  });

  it("acknowledge links: looking changes nothing; the first confirm acknowledges as the contact, once; expired, tampered and foreign links change nothing", async () => {
    await callerAs(t.db, "ADMIN").escalation.create({
      name: "ack",
      match: { maintObject: "ACK-*" },
      levels: [{ afterSec: 0, contactIds: [alice], channels: ["EMAIL"] }],
    });
    const id = await raiseOne("7100000001", "ACK-1");
    await pass();
    const n = (await notes(id))[0];
    if (!n) throw new Error("no notification");
    const token = signAckLink(key, n.id, new Date(Date.now() + 3_600_000));
    const status = async () => (await t.db.alarm.findUniqueOrThrow({ where: { id } })).status;

    expect((await ackLinkView(t.db, key, token)).state).toBe("ready");
    expect((await ackLinkView(t.db, key, token)).state).toBe("ready");
    expect(await status()).toBe("ACTIVE");

    const expired = signAckLink(key, n.id, new Date(Date.now() - 1000));
    const tampered = token.replace(/^\d+/, String(n.id + 1));
    const foreign = signAckLink(Buffer.alloc(32, 1), n.id, new Date(Date.now() + 3_600_000));
    expect((await confirmAckLink(t.db, key, { token: expired, nodeName: "t" })).state).toBe("expired");
    expect((await confirmAckLink(t.db, key, { token: tampered, nodeName: "t" })).state).toBe("invalid");
    expect((await confirmAckLink(t.db, key, { token: foreign, nodeName: "t" })).state).toBe("invalid");
    expect(await status()).toBe("ACTIVE");

    expect(await confirmAckLink(t.db, key, { token, nodeName: "t" })).toEqual({ state: "ready", acknowledged: true });
    const alarm = await t.db.alarm.findUniqueOrThrow({ where: { id } });
    expect([alarm.status, alarm.acknowledgedBy]).toEqual(["ACKNOWLEDGED", "Alice (email link)"]);
    expect((await confirmAckLink(t.db, key, { token, nodeName: "t" })).state).toBe("used");
    expect((await ackLinkView(t.db, key, token)).state).toBe("used");
    expect(await t.db.alarmEvent.count({ where: { alarmId: id, kind: "ACKNOWLEDGED" } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "alarm.acknowledge.link", target: `alarm ${id}` } })).toBe(1);
  });
});
