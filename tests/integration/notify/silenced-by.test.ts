import { describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const raise = (productId: string, maintObject: string) => ({
  kind: "raise" as const,
  alarm: { source: "SNMP" as const, productId, severity: "MAJOR" as const, maintObject, port: "01A05", alarmType: "MAJOR" },
});

describe("alarm.list / alarm.get carry silencedBy: the silence in force for the alarm now", () => {
  const t = useTestDatabase("silenced_by");

  it("names the matching silence (by customer, by maintenance object), null for others, and null again once it is expired", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const viewer = callerAs(t.db, "VIEWER");
    const acme = await t.db.customer.create({ data: { name: "Acme" } });
    await t.db.system.create({ data: { name: "acme-cm", productId: "7100000001", customerId: acme.id } });
    const byCustomer = await admin.silence.create({ match: { customerId: acme.id }, durationMin: 30, comment: "Acme cut-over" });
    const byMo = await admin.silence.create({ match: { maintObject: "TDM*" }, durationMin: 30 });
    await ingest(t.db, [raise("7100000001", "DS1-BD"), raise("7200000002", "TDM-BUS"), raise("7200000002", "DS1-BD")], {
      nodeName: "test",
    });
    const { items } = await viewer.alarm.list({ sort: "firstSeen" });
    const of = (pid: string, mo: string) => items.find((a) => a.productId === pid && a.maintObject === mo);
    expect(of("7100000001", "DS1-BD")?.silencedBy).toMatchObject({ id: byCustomer.id, comment: "Acme cut-over" });
    expect(of("7200000002", "TDM-BUS")?.silencedBy).toMatchObject({ id: byMo.id });
    expect(of("7200000002", "DS1-BD")?.silencedBy).toBeNull();

    const id = of("7200000002", "TDM-BUS")?.id as number;
    expect(await viewer.alarm.get({ id })).toMatchObject({ id, silencedBy: { id: byMo.id } });
    await admin.silence.expire({ id: byMo.id });
    expect(await viewer.alarm.get({ id })).toMatchObject({ id, silencedBy: null });
    // A resolved alarm is not shown as silenced even while its silence runs.
    const acmeAlarm = of("7100000001", "DS1-BD")?.id as number;
    await admin.alarm.resolve({ ids: [acmeAlarm] });
    expect(await viewer.alarm.get({ id: acmeAlarm })).toMatchObject({ silencedBy: null });
  });
});
