import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { TDb } from "../../lib/db/index.ts";
import { encryptSecret, loadSecretKey } from "../../lib/secrets/index.ts";
import { startIntake, type TIntake, type TStartIntakeOptions } from "../../workers/intake/index.ts";
import type { TTestDb } from "./db-fixture.ts";

type TSystemRows = Extract<NonNullable<Parameters<TDb["system"]["createMany"]>[0]>["data"], unknown[]>;
type TV3Columns = {
  snmpV3User: string;
  snmpV3AuthProtocol: "SHA";
  snmpV3AuthKeyEnc: string;
  snmpV3PrivProtocol: "AES";
  snmpV3PrivKeyEnc: string;
};

export type TSnmpIntakeRigOptions = {
  secret: string;
  /** Prefix of the temporary KLAXON_DATA_DIR. */
  dataDirPrefix: string;
  nodeName: string;
  queue?: TStartIntakeOptions["queue"];
  /** The systems to seed; `v3` gives a SHA/AES user's columns, keys encrypted with the intake's secret key. */
  systems: (v3: (user: { name: string; authKey: string; privKey: string }) => TV3Columns) => TSystemRows;
};

export type TSnmpIntakeRig = { intake: TIntake; port: number };

/** Seeded systems and the intake (SNMP listener on 127.0.0.1, port 0) running on the file's database. */
export function useSnmpIntake(t: TTestDb, opts: TSnmpIntakeRigOptions): TSnmpIntakeRig {
  const rig = {} as TSnmpIntakeRig;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), opts.dataDirPrefix));
    const key = loadSecretKey({ secretKey: opts.secret, dataDir });
    const v3 = (user: { name: string; authKey: string; privKey: string }): TV3Columns => ({
      snmpV3User: user.name,
      snmpV3AuthProtocol: "SHA",
      snmpV3AuthKeyEnc: encryptSecret(key, user.authKey),
      snmpV3PrivProtocol: "AES",
      snmpV3PrivKeyEnc: encryptSecret(key, user.privKey),
    });
    await t.db.system.createMany({ data: opts.systems(v3) });
    rig.intake = await startIntake({
      env: { SNMP_TRAP_PORT: 0, SNMP_TRAP_HOST: "127.0.0.1", KLAXON_SECRET_KEY: opts.secret, KLAXON_DATA_DIR: dataDir },
      db: t.db,
      nodeName: opts.nodeName,
      ...(opts.queue ? { queue: opts.queue } : {}),
    });
    rig.port = rig.intake.snmpPort as number;
  });
  afterAll(async () => {
    await rig.intake?.stop();
  });

  return rig;
}
