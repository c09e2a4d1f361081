import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCallerFactory } from "../../lib/api/index.ts";
import type { TRole } from "../../lib/auth/index.ts";
import { encryptLegacyCommunities } from "../../lib/inventory/index.ts";
import { loadSecretKey } from "../../lib/secrets/index.ts";
import { startIntake, type TIntake } from "../../workers/intake/index.ts";
import { contextFor } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { AVAYA_TRAP, avayaVarbinds, sendTrap } from "../support/snmp-send.ts";
import { waitFor } from "../support/wait-for.ts";

const SECRET = "community-test-secret-community-test-secret";

// A community is all that vouches for a v1/v2c trap: whoever can read it can forge alarms.
describe("SNMP communities are secrets", () => {
  const t = useTestDatabase("snmp_community_secret");
  const dataDir = mkdtempSync(path.join(tmpdir(), "klaxon-community-"));
  const key = loadSecretKey({ secretKey: SECRET, dataDir });
  const factory = createCallerFactory(appRouter);
  const as = (role: TRole) =>
    factory({ ...contextFor(t.db, { kind: "user", id: 1, name: `${role.toLowerCase()}@example.com`, role }), secretKey: () => key });
  let intake: TIntake;
  beforeAll(async () => {
    intake = await startIntake({
      env: { SNMP_TRAP_PORT: 0, SNMP_TRAP_HOST: "127.0.0.1", KLAXON_SECRET_KEY: SECRET, KLAXON_DATA_DIR: dataDir },
      db: t.db,
      nodeName: "community-test",
      refreshMs: 60_000,
    });
  });
  afterAll(async () => {
    await intake?.stop();
  });

  const trap = (productId: string, community: string, alarmNumber: string) =>
    sendTrap({
      port: intake.snmpPort,
      community,
      oid: `${AVAYA_TRAP}.2`,
      varbinds: avayaVarbinds({ productId, alarmNumber, maintObject: "DS1-BD", port: `01A0${alarmNumber}`, alarmType: "MAJOR" }),
    });
  const stored = (productId: string, alarmNumber: string) =>
    waitFor(() => t.db.alarm.findFirst({ where: { productId, alarmNumber } }), 5000);
  const rejected = (reason: string) => waitFor(() => t.db.rejectedIntake.findFirst({ where: { reason: { contains: reason } } }), 5000);

  it("is stored encrypted, never returned (viewers and admins see only that one is set), and not in the audit log", async () => {
    const created = await as("ADMIN").system.create({ name: "cm-secret", productId: "1000000901", snmpCommunity: "s3cret-comm" });
    const row = await t.db.system.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.snmpCommunity).toBeNull();
    expect(row.snmpCommunityEnc).toMatch(/^enc:v1:/);
    expect(row.snmpCommunityEnc).not.toContain("s3cret");
    for (const role of ["VIEWER", "ADMIN"] as const) {
      const list = await as(role).system.list();
      const one = await as(role).system.get({ id: created.id });
      for (const s of [list.find((x) => x.id === created.id), one]) {
        expect(s).toMatchObject({ hasSnmpCommunity: true });
        expect(JSON.stringify(s)).not.toContain("s3cret");
        expect(s).not.toHaveProperty("snmpCommunity");
      }
    }
    await as("ADMIN").system.update({ id: created.id, data: { snmpCommunity: "n3w-comm" } });
    const audits = await t.db.auditLog.findMany({ where: { target: "1000000901" } });
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toMatch(/s3cret|n3w-comm/);
  });

  it("the intake still checks it: the replaced community is refused, the new one accepted, and stored alarms do not show it", async () => {
    await intake.refresh();
    await trap("1000000901", "s3cret-comm", "1");
    expect((await rejected("community does not match system 1000000901")).reason).toBeTruthy();
    await trap("1000000901", "n3w-comm", "2");
    const alarm = await stored("1000000901", "2");
    expect(JSON.stringify(alarm.raw)).not.toContain("n3w-comm");
    expect(await t.db.alarm.findFirst({ where: { productId: "1000000901", alarmNumber: "1" } })).toBeNull();
  });

  it("an admin can remove it; a community an older version left in plaintext is encrypted at a node's start and still works", async () => {
    const s = await t.db.system.findUniqueOrThrow({ where: { productId: "1000000901" } });
    await as("ADMIN").system.update({ id: s.id, data: { snmpCommunity: "" } });
    expect((await as("VIEWER").system.get({ id: s.id })).hasSnmpCommunity).toBe(false);

    await t.db.system.create({ data: { name: "legacy", productId: "1000000902", snmpCommunity: "old-plain" } });
    expect(await encryptLegacyCommunities(t.db, key)).toBe(1);
    const legacy = await t.db.system.findUniqueOrThrow({ where: { productId: "1000000902" } });
    expect(legacy.snmpCommunity).toBeNull();
    expect(legacy.snmpCommunityEnc).not.toContain("old-plain");
    await intake.refresh();
    await trap("1000000902", "old-plain", "3");
    await stored("1000000902", "3");
    await trap("1000000902", "guess", "4");
    await rejected("community does not match system 1000000902");
  });
});
