import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../support/api-caller.ts";
import { freePort } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { klaxonStart, type TKlaxonStart } from "../../support/klaxon-start.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";
import { waitFor } from "../../support/wait-for.ts";

const TOKEN = "klx_dispatch_start_test_token_0123456789";

describe("a node started as the README says notifies an alarm sent the moment /api/health answers", () => {
  const t = useTestDatabase("klaxon_start_notify");
  let node: TKlaxonStart | undefined;
  let smtp: TSmtpCatcher;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
    const c = await admin.contact.create({ name: "On call", email: "oncall@example.com" });
    await admin.escalation.create({
      name: "majors",
      match: { severities: ["MAJOR"] },
      levels: [{ afterSec: 0, contactIds: [c.id], channels: ["EMAIL"] }],
    });
  });
  afterAll(async () => {
    node?.kill();
    await smtp.close();
  });

  it("klaxon start → /api/health → alarm.ingest over HTTP → the email arrives", async () => {
    const port = await freePort();
    node = await klaxonStart({
      PORT: String(port),
      KLAXON_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: t.url,
      NODE_NAME: "notify-start",
      LOG_LEVEL: "warn",
      KLAXON_BOOTSTRAP_TOKEN: TOKEN,
    });
    await node.ready(300_000);
    const r = await fetch(`http://127.0.0.1:${port}/api/trpc/alarm.ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ alarms: [{ productId: "9100000001", severity: "MAJOR", maintObject: "DS1-BD", port: "01A05" }] }),
    });
    expect(r.status).toBe(200);
    const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes("oncall@example.com")), 60_000, 100);
    expect(mail.text).toContain(`http://127.0.0.1:${port}/alarms/`);
    const link = /http:\/\/127\.0\.0\.1:\d+\/ack\/[^\s"<]+/.exec(mail.text)?.[0] as string;
    // Opening the link changes nothing; the page's one button acknowledges, once.
    expect((await fetch(link)).status).toBe(200);
    const alarm = await t.db.alarm.findFirstOrThrow({ where: { productId: "9100000001" } });
    expect(alarm.status).toBe("ACTIVE");
    const token = link.split("/ack/")[1] as string;
    const post = () =>
      fetch(`http://127.0.0.1:${port}/api/ack`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
    expect((await post()).headers.get("location")).toContain("done=1");
    expect((await t.db.alarm.findUniqueOrThrow({ where: { id: alarm.id } })).status).toBe("ACKNOWLEDGED");
    expect((await post()).headers.get("location")).toContain("done=used");
    expect(await t.db.alarmEvent.count({ where: { alarmId: alarm.id, kind: "ACKNOWLEDGED" } })).toBe(1);
  }, 400_000);
});
