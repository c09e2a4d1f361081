import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { ensureClusterSql, registerNode } from "../../../lib/cluster/index.ts";
import { deliverEmails } from "../../../lib/dispatch/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { freePort } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { startSmtpCatcher } from "../../support/smtp-catcher.ts";

describe("email delivery guards: an unreachable server is probed by one message, a lapsed lease sends nothing", () => {
  const t = useTestDatabase("email_guards");
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
    // The node's own view says primary: the database's lease is what must stop a send.
    stillPrimary: () => true,
  });
  const setLease = (sql: string) => t.db.$executeRawUnsafe(`UPDATE "PrimaryLease" SET "holderName" = 't', epoch = 1, "expiresAt" = ${sql}`);
  const queue = async (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        (
          await t.db.notification.create({
            data: { alarmId, contactId, channel: "EMAIL", idempotencyKey: `g-${seq++}`, nodeName: "t", epoch: 1 },
          })
        ).id,
      );
    return ids;
  };
  const rows = (ids: number[]) => t.db.notification.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    await registerNode(t.db, { name: "t", version: "0.1.0" });
    await setLease(`(now() AT TIME ZONE 'UTC') + interval '1 hour'`);
    contactId = (await callerAs(t.db, "ADMIN").contact.create({ name: "NOC", email: "noc@example.com" })).id;
    await ingest(t.db, [{ kind: "raise", alarm: { source: "API", productId: "7300000002", severity: "MAJOR", maintObject: "DS1-BD" } }], {
      nodeName: "t",
    });
    alarmId = (await t.db.alarm.findFirstOrThrow()).id;
  });

  it("while SMTP cannot be reached one message is tried and the rest keep their attempts; all go once it is back", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: await freePort(), secure: false, from: "alarms@example.com" });
    const ids = await queue(3);
    await deliverEmails(ctx());
    expect((await rows(ids)).map((n) => n.attempts)).toEqual([1, 0, 0]);
    // Held: a second pass at once does not try (and count against) the next message.
    expect(await deliverEmails(ctx())).toBe(0);
    expect((await rows(ids)).map((n) => n.attempts)).toEqual([1, 0, 0]);

    const smtp = await startSmtpCatcher();
    try {
      await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
      // The first hold is 2 s, and the message that probed waits its own 2 s back-off.
      await new Promise((r) => setTimeout(r, 2200));
      await deliverEmails(ctx());
      expect((await rows(ids)).map((n) => n.status)).toEqual(["SENT", "SENT", "SENT"]);
      expect(smtp.mails).toHaveLength(3);
    } finally {
      await smtp.close();
    }
  });

  it("a primary whose lease ran out in the database sends nothing, though its own view still says primary", async () => {
    const smtp = await startSmtpCatcher();
    try {
      await callerAs(t.db, "ADMIN").settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
      const ids = await queue(2);
      await setLease(`(now() AT TIME ZONE 'UTC') - interval '1 second'`);
      await deliverEmails(ctx());
      expect(smtp.mails).toHaveLength(0);
      expect((await rows(ids)).map((n) => [n.status, n.attempts])).toEqual([
        ["PENDING", 0],
        ["PENDING", 0],
      ]);
      await setLease(`(now() AT TIME ZONE 'UTC') + interval '1 hour'`);
      await deliverEmails(ctx());
      expect(smtp.mails).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });
});
