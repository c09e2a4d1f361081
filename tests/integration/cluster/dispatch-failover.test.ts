import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { currentPrimary } from "../../../lib/cluster/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { waitUntil } from "../../support/cluster-harness.ts";
import { useClusterTest } from "../../support/cluster-test.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

const STORM = 500;

describe("dispatcher across a failover (real node processes, real SMTP server)", () => {
  const { t, harness } = useClusterTest("dispatch_failover");
  let smtp: TSmtpCatcher;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
    const c = await admin.contact.create({ name: "NOC", email: "noc@example.com" });
    await admin.escalation.create({ name: "everything", levels: [{ afterSec: 0, contactIds: [c.id], channels: ["EMAIL"] }] });
  });
  afterAll(async () => smtp.close());

  it("SIGKILL of the primary during a storm of 500 new alarms: every alarm mailed, none twice but the one in flight, which keeps its Message-ID", async () => {
    const h = harness();
    await h.startReady("a");
    await h.startReady("b");
    const first = await waitUntil(async () => {
      const l = await currentPrimary(t.db);
      return l?.holderName && (await t.db.singletonAction.count({ where: { kind: "dispatcher", epoch: l.epoch } })) ? l : null;
    }, 30_000);

    const storm = (async () => {
      for (let i = 0; i < STORM; i += 50) {
        const batch = Array.from({ length: 50 }, (_, k) => ({
          kind: "raise" as const,
          alarm: {
            source: "SNMP" as const,
            productId: "8000000001",
            severity: "MAJOR" as const,
            maintObject: `DS1-${i + k}`,
            port: "01A01",
          },
        }));
        await ingest(t.db, batch, { nodeName: "storm" });
      }
    })();
    await waitUntil(async () => smtp.mails.length >= 40, 30_000, 5);
    await h.kill(first.holderName as string);
    const killedAt = smtp.mails.length;
    await storm;

    const alarms = await t.db.alarm.findMany({ where: { productId: "8000000001" }, select: { id: true } });
    expect(alarms).toHaveLength(STORM);
    const mailedIds = () => new Set(smtp.mails.map((m) => m.headers.get("x-klaxon-alarm")));
    const t0 = Date.now();
    await waitUntil(async () => alarms.every((a) => mailedIds().has(String(a.id))), 150_000, 100);
    console.log(`all ${STORM} mailed ${Date.now() - t0} ms after the storm was stored`);
    await new Promise((r) => setTimeout(r, 1500)); // anything still to come would be a duplicate

    const byMessageId = new Map<string, number>();
    for (const m of smtp.mails)
      byMessageId.set(m.headers.get("message-id") ?? "", (byMessageId.get(m.headers.get("message-id") ?? "") ?? 0) + 1);
    const duplicates = [...byMessageId.values()].filter((n) => n > 1).reduce((s, n) => s + n - 1, 0);
    const after = await currentPrimary(t.db);
    console.log(
      `dispatch failover: ${smtp.mails.length} mails for ${STORM} alarms, ${killedAt} before the kill of ${first.holderName}, ${duplicates} duplicate(s); new primary ${after?.holderName} epoch ${after?.epoch}`,
    );
    expect(after?.holderName).not.toBe(first.holderName);
    expect(byMessageId.size).toBe(STORM);
    expect(duplicates).toBeLessThanOrEqual(1);
    expect(await t.db.notification.count({ where: { status: "SENT" } })).toBe(STORM);
    // Notifications written after the kill carry the new primary's epoch: the fence let only it write.
    expect(await t.db.notification.count({ where: { epoch: { gt: first.epoch }, nodeName: first.holderName as string } })).toBe(0);
  }, 240_000);
});
