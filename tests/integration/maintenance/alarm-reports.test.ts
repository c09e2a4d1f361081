import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPrimary } from "../../../lib/cluster/index.ts";
import { closeMailTransports } from "../../../lib/notify/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { FAST_ENV, waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";
import { startSmtpCatcher, type TCaughtMail, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

const STEADY = { ...FAST_ENV, LEASE_RENEW_MS: "500", LEASE_TTL_MS: "8000", HEARTBEAT_MS: "500", NODE_OFFLINE_MS: "15000" };

/** The MIME part of a mail whose headers name `filename`, decoded (nodemailer sends it base64 or quoted-printable). */
function attachment(mail: TCaughtMail, filename: RegExp): { headers: string; body: string } | null {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(mail.raw)?.[1];
  if (!boundary) return null;
  for (const part of mail.raw.split(`--${boundary}`)) {
    const [head = "", ...rest] = part.split(/\r?\n\r?\n/);
    if (!filename.test(head)) continue;
    const body = rest.join("\n\n").trim();
    if (/content-transfer-encoding:\s*base64/i.test(head))
      return { headers: head, body: Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") };
    return {
      headers: head,
      body: body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    };
  }
  return null;
}

/** An RFC 2047 header ("=?UTF-8?Q?…?=" words) as text. */
function decodeHeader(v: string | undefined): string {
  return (v ?? "").replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe("scheduled alarm reports by email (real node, real SMTP server)", { timeout: 240_000 }, () => {
  const { t, harness } = useClusterTest("alarm-reports");
  let smtp: TSmtpCatcher;
  let systemId = 0;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "",
      password: "",
      from: "Klaxon <klaxon@example.com>",
    });
    const customer = await t.db.customer.create({ data: { name: "Report Co" } });
    systemId = (await t.db.system.create({ data: { name: "PBX Report", productId: "3000000001", customerId: customer.id } })).id;
    const other = await t.db.system.create({ data: { name: "PBX Elsewhere", productId: "3000000002" } });
    const alarm = (
      i: number,
      o: { systemId: number; severity: "MAJOR" | "MINOR"; mo: string; hours: number; acked?: number; resolved?: number },
    ) => ({
      source: "SNMP" as const,
      systemId: o.systemId,
      productId: "3000000001",
      severity: o.severity,
      maintObject: o.mo,
      port: `01A05${String(i).padStart(2, "0")}`,
      dedupKey: `r${i}`,
      activeKey: o.resolved ? null : `r${i}`,
      status: o.resolved ? ("RESOLVED" as const) : o.acked ? ("ACKNOWLEDGED" as const) : ("ACTIVE" as const),
      firstSeenAt: hoursAgo(o.hours),
      lastSeenAt: hoursAgo(o.hours),
      acknowledgedAt: o.acked ? new Date(hoursAgo(o.hours).getTime() + o.acked * 60_000) : null,
      resolvedAt: o.resolved ? new Date(hoursAgo(o.hours).getTime() + o.resolved * 60_000) : null,
      description: i === 0 ? "=cmd|' /C calc'!A0" : null,
    });
    await t.db.alarm.createMany({
      data: [
        alarm(0, { systemId, severity: "MAJOR", mo: "DS1-BD", hours: 3, acked: 10, resolved: 60 }),
        alarm(1, { systemId, severity: "MAJOR", mo: "DS1-BD", hours: 4, acked: 20 }),
        alarm(2, { systemId, severity: "MINOR", mo: "POWER", hours: 5 }),
        alarm(3, { systemId: other.id, severity: "MINOR", mo: "TDM-BUS", hours: 6 }),
        alarm(4, { systemId, severity: "MAJOR", mo: "CO-TRK", hours: 24 * 40 }), // outside every period but monthly's
      ],
    });
  });
  afterAll(async () => {
    closeMailTransports();
    await smtp.close();
  });

  it("send now mails the HTML report with the period's alarms as CSV; a refusing SMTP server is a FAILED run with its reason", async () => {
    const admin = callerAs(t.db, "ADMIN");
    for (const k of ["ALARM_REPORT", "ARCHIVE", "BACKUP"] as const) await admin.maintenance.update({ kind: k, enabled: false });
    const h = harness(STEADY);
    await h.startReady("a");
    await waitUntil(() => currentPrimary(t.db).then((l) => (l?.holderName === "a" ? l : null)), 60_000);

    const report = await admin.alarmReport.create({
      name: "Report Co daily",
      recipients: ["noc@example.com", "boss@example.com"],
      frequency: "DAILY",
      filter: { systemId },
    });
    expect(report).toMatchObject({ id: expect.any(Number), name: "Report Co daily", frequency: "DAILY", enabled: true });

    const sent = await callerAs(t.db, "TECHNICIAN").alarmReport.sendNow({ id: report.id });
    expect(sent, sent.detail).toMatchObject({ status: "PASSED", sendId: expect.any(Number) });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0] as TCaughtMail;
    expect(mail.to.sort()).toEqual(["boss@example.com", "noc@example.com"]);
    expect(decodeHeader(mail.headers.get("subject"))).toMatch(/^Klaxon alarm report "Report Co daily": last 24 hours .*, 3 alarms$/);
    expect(mail.text).toContain("Most frequent maintenance objects");
    expect(mail.text).toMatch(/DS1-BD<\/td><td[^>]*>2</);
    expect(mail.text).toContain("time to acknowledge");
    expect(mail.text).toContain("15 min"); // (10 + 20) / 2
    expect(mail.text).toContain('bgcolor="#e65100"'); // the chart's MAJOR bars
    const csv = attachment(mail, /filename="?klaxon-alarms-.*\.csv/);
    expect(csv?.headers).toMatch(/text\/csv/);
    const lines = (csv?.body ?? "").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,status,severity,/);
    expect(lines).toHaveLength(4);
    expect(csv?.body).toContain("PBX Report");
    expect(csv?.body).not.toContain("PBX Elsewhere");
    expect(csv?.body).toContain(",'=cmd|' /C calc'!A0"); // a formula stays text in a spreadsheet

    smtp.mode.refuse = true;
    const refused = await admin.alarmReport.sendNow({ id: report.id });
    smtp.mode.refuse = false;
    expect(refused.status).toBe("FAILED");
    expect(refused.detail).toMatch(
      /1 of 1 failed: "Report Co daily" to noc@example.com, boss@example.com \(3 alarms\): .*550.*mailbox unavailable/,
    );
    const run = await t.db.maintenanceRun.findUniqueOrThrow({ where: { id: refused.runId } });
    expect(run).toMatchObject({ kind: "ALARM_REPORT", status: "FAILED", nodeName: "a", trigger: "MANUAL" });
    expect((await callerAs(t.db, "VIEWER").cluster.warnings()).some((w) => w.startsWith("The last alarm reporting run failed"))).toBe(true);

    const history = await callerAs(t.db, "VIEWER").alarmReport.sent({});
    expect(history.items.map((s) => [s.status, s.recipients.length, s.alarmCount])).toEqual([
      ["FAILED", 2, 3],
      ["SENT", 2, 3],
    ]);
    expect(history.items[0]?.error).toMatch(/550/);
    expect(await t.db.auditLog.count({ where: { action: "alarmReport.sendNow" } })).toBe(2);
  });

  it("in its window the primary sends each enabled report for its last complete period, once", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await t.db.alarmReport.deleteMany({ where: { id: { gt: 0 } } });
    smtp.mails.length = 0;
    await admin.alarmReport.create({ name: "Everyone monthly", recipients: ["all@example.com"], frequency: "MONTHLY" });
    await admin.alarmReport.create({ name: "Switched off", recipients: ["off@example.com"], frequency: "DAILY", enabled: false });
    const h = harness(STEADY);
    await h.startReady("a");
    await admin.maintenance.update({ kind: "ALARM_REPORT", enabled: true, schedule: { everyMinutes: 1440 } });
    const mail = await waitUntil(async () => smtp.mails[0] ?? null, 90_000, 200);
    expect(mail.to).toEqual(["all@example.com"]);
    // Last calendar month (UTC): only the alarm from 40 days ago can fall in it.
    const now = new Date();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const fortyDaysAgo = hoursAgo(24 * 40);
    const expected = fortyDaysAgo >= start && fortyDaysAgo < end ? 1 : 0;
    expect(decodeHeader(mail.headers.get("subject"))).toMatch(new RegExp(`, ${expected} alarms$`));
    await new Promise((r) => setTimeout(r, 4000));
    expect(smtp.mails).toHaveLength(1);
    const sends = await t.db.alarmReportSend.findMany({ where: { status: "SENT", trigger: "SCHEDULE" } });
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ trigger: "SCHEDULE", periodStart: start, periodEnd: end, nodeName: "a" });
    expect(await t.db.maintenanceRun.count({ where: { kind: "ALARM_REPORT", trigger: "SCHEDULE" } })).toBe(1);
  });
});
