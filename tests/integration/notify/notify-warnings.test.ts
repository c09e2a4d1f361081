import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { ensureClusterSql, registerNode } from "../../../lib/cluster/index.ts";
import { deliverEmails } from "../../../lib/dispatch/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { freePort } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { startSmtpCatcher } from "../../support/smtp-catcher.ts";

describe("cluster warnings for notifications: email cannot be sent, pager with no dial-out port", () => {
  const t = useTestDatabase("notify_warnings");
  let alarmId = 0;
  let contactId = 0;
  let seq = 0;
  const ctx = () => ({
    db: t.db,
    nodeName: "t",
    epoch: 1,
    key: Buffer.alloc(32, 7),
    publicUrl: "http://klaxon.test",
    domain: "klaxon.test",
    ackLinkTtlMs: 3_600_000,
    sendPage: async () => {},
    smtpTimeoutMs: 3000,
    stillPrimary: () => true,
  });
  /** `n` new email notifications due now, then one delivery pass over them. */
  const deliver = async (n: number) => {
    for (let i = 0; i < n; i++)
      await t.db.notification.create({
        data: { alarmId, contactId, channel: "EMAIL", idempotencyKey: `w-${seq++}`, nodeName: "t", epoch: 1 },
      });
    await deliverEmails(ctx());
  };
  const warnings = () => callerAs(t.db, "VIEWER").cluster.warnings();
  const emailWarning = async () => (await warnings()).find((w) => w.startsWith("Email cannot be sent"));

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    // Notification rows are fenced: written as the live primary "t" at epoch 1, as the dispatcher would.
    await registerNode(t.db, { name: "t", version: "0.1.0" });
    await t.db.$executeRawUnsafe(
      `UPDATE "PrimaryLease" SET "holderName" = 't', epoch = 1, "expiresAt" = (now() AT TIME ZONE 'UTC') + interval '1 hour'`,
    );
    const admin = callerAs(t.db, "ADMIN");
    contactId = (await admin.contact.create({ name: "NOC", email: "noc@example.com" })).id;
    await ingest(t.db, [{ kind: "raise", alarm: { source: "API", productId: "7300000001", severity: "MAJOR", maintObject: "DS1-BD" } }], {
      nodeName: "t",
    });
    alarmId = (await t.db.alarm.findFirstOrThrow()).id;
  });

  it("refusals warn only after 5 in a row, a success clears it, an unreachable server warns at once", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const smtp = await startSmtpCatcher();
    try {
      await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
      smtp.mode.refuse = true;
      await deliver(4);
      expect(await t.db.notification.count({ where: { status: "PENDING", lastError: { contains: "550" } } })).toBe(4);
      expect(await emailWarning()).toBeUndefined();
      await deliver(1);
      expect(await emailWarning()).toMatch(/^Email cannot be sent: the last 5 attempts failed since .* UTC \(.*550.*mailbox unavailable/);

      smtp.mode.refuse = false;
      await deliver(1);
      expect(smtp.mails).toHaveLength(1);
      expect(await emailWarning()).toBeUndefined();
    } finally {
      await smtp.close();
    }
    // Nothing listens on this port: the first failed attempt is enough.
    await admin.settings.setSmtp({ host: "127.0.0.1", port: await freePort(), secure: false, from: "alarms@example.com" });
    await deliver(1);
    expect(await emailWarning()).toMatch(/^Email cannot be sent: the SMTP server cannot be reached since .* \(.*ECONNREFUSED/);
  });

  it("pages waiting while no live node that may dial pagers has a dial-out port: warned until a port is added", async () => {
    await callerAs(t.db, "ADMIN").cluster.setRoles({ name: "t", roles: { taskPagerDial: false } });
    await registerNode(t.db, { name: "p", version: "0.1.0" });
    const pagerWarning = async () => (await warnings()).find((w) => w.startsWith("Pager: no dial-out port"));
    expect(await pagerWarning()).toBeUndefined(); // nothing waits yet
    await t.db.notification.create({ data: { alarmId, contactId, channel: "PAGER", idempotencyKey: "p-1", nodeName: "t", epoch: 1 } });
    expect(await pagerWarning()).toBe(
      "Pager: no dial-out port: 1 page waits, and no live node that may dial pagers has a dial-out modem port that is up.",
    );
    const admin = callerAs(t.db, "ADMIN");
    const port = await admin.cluster.addPort({ nodeName: "p", port: { device: "/dev/ttyS9", purpose: "DIALOUT" } });
    // A new port is OFFLINE until its node has opened it and heard the modem: still waiting.
    expect(await pagerWarning()).toMatch(/^Pager: no dial-out port: 1 page waits/);
    await t.db.modemPort.update({ where: { id: port.id }, data: { status: "IDLE" } });
    expect(await pagerWarning()).toBeUndefined();
    // A port exists but the node may not dial pagers: waiting again.
    await admin.cluster.setRoles({ name: "p", roles: { taskPagerDial: false } });
    expect(await pagerWarning()).toMatch(/^Pager: no dial-out port: 1 page waits/);
    await admin.cluster.removePort({ id: port.id });
  });
});
