import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import snmp from "net-snmp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSystem, ZSystemInput } from "../../lib/inventory/index.ts";
import { loadSecretKey } from "../../lib/secrets/index.ts";
import { startIntake, type TIntake } from "../../workers/intake/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { waitFor } from "../support/wait-for.ts";
import { AVAYA_TRAP, avayaVarbinds, sendTrap, sendV3 } from "../support/snmp-send.ts";

const SECRET = "snmp-live-settings-secret-0123456789";

describe("SNMP settings take effect at once", () => {
  const t = useTestDatabase("snmp_live");
  let intake: TIntake;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "klaxon-snmp-live-"));
    intake = await startIntake({
      env: { SNMP_TRAP_PORT: 0, SNMP_TRAP_HOST: "127.0.0.1", KLAXON_SECRET_KEY: SECRET, KLAXON_DATA_DIR: dataDir, DATABASE_URL: t.url },
      db: t.db,
      nodeName: "snmp-live",
      // Far longer than the test: only the change notification can bring the new user in.
      refreshMs: 10 * 60_000,
    });
  });
  afterAll(async () => {
    await intake?.stop();
  });

  it("an SNMPv3 user added with a new system is accepted at once, without waiting for the periodic refresh", async () => {
    const key = loadSecretKey({ secretKey: SECRET, dataDir: "/unused" });
    await createSystem(t.db, {
      secretKey: key,
      input: ZSystemInput.parse({
        name: "new S8800",
        productId: "4000000004",
        snmpVersion: "V3",
        snmpV3User: "freshuser",
        snmpV3AuthProtocol: "SHA",
        snmpV3AuthKey: "freshauth1",
        snmpV3PrivProtocol: "AES",
        snmpV3PrivKey: "freshpriv1",
      }),
    });
    const user = {
      name: "freshuser",
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha,
      authKey: "freshauth1",
      privProtocol: snmp.PrivProtocols.aes,
      privKey: "freshpriv1",
    };
    const deadline = Date.now() + 5000;
    let stored = null;
    const varbinds = avayaVarbinds({
      productId: "4000000004",
      alarmNumber: "5",
      maintObject: "IPMEDPRO",
      port: "01A07",
      alarmType: "MAJOR",
    });
    // The notification travels asynchronously: resend briefly, as a PBX would.
    while (!stored && Date.now() < deadline) {
      await sendV3({ port: intake.snmpPort as number, user, oid: `${AVAYA_TRAP}.2`, varbinds }).catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
      stored = await t.db.alarm.findFirst({ where: { productId: "4000000004" } });
    }
    expect(stored).toMatchObject({ maintObject: "IPMEDPRO", source: "SNMP" });
    expect(stored?.systemId).not.toBeNull();
  });

  it("a v2c trap naming a system that is set up for SNMPv3 only is rejected, whatever its community", async () => {
    await sendTrap({
      port: intake.snmpPort as number,
      version: "v2c",
      community: "public",
      oid: `${AVAYA_TRAP}.3`,
      varbinds: avayaVarbinds({ productId: "4000000004", alarmNumber: "6", maintObject: "DS1-BD", alarmType: "MINOR" }),
    });
    const reject = await waitFor(() => t.db.rejectedIntake.findFirst({ where: { reason: { contains: "accepts SNMPv3 only" } } }), 5000, 50);
    expect(reject.source).toBe("SNMP");
    expect(await t.db.alarm.count({ where: { productId: "4000000004", alarmNumber: "6" } })).toBe(0);
  });

  it("an inform from an unknown SNMPv3 user is refused and recorded as rejected intake", async () => {
    const stranger = {
      name: "nouser",
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha,
      authKey: "whatever12",
      privProtocol: snmp.PrivProtocols.aes,
      privKey: "whatever12",
    };
    await sendV3({
      port: intake.snmpPort as number,
      user: stranger,
      oid: `${AVAYA_TRAP}.2`,
      inform: true,
      varbinds: avayaVarbinds({ productId: "4000000004", alarmNumber: "7" }),
    }).catch(() => {});
    const reject = await waitFor(() => t.db.rejectedIntake.findFirst({ where: { reason: "unknown SNMPv3 user nouser" } }), 5000, 50);
    expect(reject.remote).toContain("127.0.0.1");
  });
});
