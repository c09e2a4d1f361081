import { execFile } from "node:child_process";
import { promisify } from "node:util";
import snmp, { type ReceiverUser, type Varbind } from "net-snmp";
import { G3_COLUMNS } from "../../lib/alarms/snmp/index.ts";

const run = promisify(execFile);
export const AVAYA_TRAP = "1.3.6.1.4.1.6889.1.8.1.0";

export type TAvayaAlarm = {
  productId: string;
  alarmNumber: string;
  port?: string;
  maintObject?: string;
  onBoard?: "y" | "n";
  alarmType?: string;
  altName?: string;
  client?: string;
};

const str = (oid: string, value: string): Varbind => ({ oid, type: snmp.ObjectType.OctetString, value });

/** Varbinds as G3-AVAYA-TRAP sends them: column OID + instance suffix (here the alarm number). */
export function avayaVarbinds(a: TAvayaAlarm): Varbind[] {
  const i = `.${a.alarmNumber}`;
  const vbs = [
    str(G3_COLUMNS.clientName + i, a.client ?? "cm1"),
    str(G3_COLUMNS.productId + i, a.productId),
    str(G3_COLUMNS.alarmNumber + i, a.alarmNumber),
  ];
  if (a.port !== undefined) vbs.push(str(G3_COLUMNS.port + i, a.port));
  if (a.maintObject !== undefined) vbs.push(str(G3_COLUMNS.maintObject + i, a.maintObject));
  if (a.onBoard !== undefined) vbs.push(str(G3_COLUMNS.onBoard + i, a.onBoard));
  if (a.altName !== undefined) vbs.push(str(G3_COLUMNS.altName + i, a.altName));
  if (a.alarmType !== undefined) vbs.push(str(G3_COLUMNS.alarmType + i, a.alarmType));
  return vbs;
}

/** Sends one v1/v2c trap (or v2c inform) with net-snmp; resolves when sent (inform: when answered). */
export function sendTrap(opts: {
  port: number;
  community: string;
  version?: "v1" | "v2c";
  inform?: boolean;
  oid: string;
  varbinds: Varbind[];
  upTime?: number;
}): Promise<void> {
  const version = opts.version === "v1" ? snmp.Version1 : snmp.Version2c;
  const session = snmp.createSession("127.0.0.1", opts.community, {
    trapPort: opts.port,
    port: opts.port,
    version,
    timeout: 1000,
    retries: 1,
  });
  session.on("error", () => {});
  return new Promise<void>((resolve, reject) => {
    const done = (e: Error | null) => {
      session.close();
      e ? reject(e) : resolve();
    };
    if (opts.inform) session.inform(opts.oid, opts.varbinds, { upTime: opts.upTime }, done);
    else session.trap(opts.oid, opts.varbinds, { upTime: opts.upTime }, done);
  });
}

/** Sends an SNMPv3 inform (resolves once the receiver answered it) or trap. */
export function sendV3(opts: { port: number; user: ReceiverUser; oid: string; varbinds: Varbind[]; inform?: boolean }): Promise<void> {
  const session = snmp.createV3Session("127.0.0.1", opts.user, {
    trapPort: opts.port,
    port: opts.port,
    version: snmp.Version3,
    timeout: 1000,
    retries: 1,
  });
  session.on("error", () => {});
  return new Promise<void>((resolve, reject) => {
    const done = (e: Error | null) => {
      session.close();
      e ? reject(e) : resolve();
    };
    if (opts.inform) session.inform(opts.oid, opts.varbinds, {}, done);
    else session.trap(opts.oid, opts.varbinds, {}, done);
  });
}

/** `snmptrap` arguments for the varbinds (all OCTET STRING, as Avaya sends them). */
export function snmptrapVarbindArgs(vbs: Varbind[]): string[] {
  return vbs.flatMap((v) => [v.oid, "s", String(v.value)]);
}

/** Debian's net-snmp `snmptrap` (or `snmpinform` semantics with -Ci); rejects on a non-zero exit. */
export async function runSnmptrap(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("snmptrap", ["-M", "/dev/null", "-m", "", ...args], { timeout: 10_000 });
}
