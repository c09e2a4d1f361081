import snmp from "net-snmp";

const TRAP = "1.3.6.1.4.1.6889.1.8.1.0";
const COL = {
  port: "1.3.6.1.4.1.6889.2.8.1.4.6.1.1",
  maintName: "1.3.6.1.4.1.6889.2.8.1.4.6.1.3",
  onBrd: "1.3.6.1.4.1.6889.2.8.1.4.6.1.4",
  altName: "1.3.6.1.4.1.6889.2.8.1.4.6.1.5",
  alarmType: "1.3.6.1.4.1.6889.2.8.1.4.6.1.6",
  alarmNumber: "1.3.6.1.4.1.6889.2.8.1.4.6.1.17",
  productId: "1.3.6.1.4.1.6889.2.8.1.4.6.1.18",
  externalName: "1.3.6.1.4.1.6889.2.8.2.1.1.1.4",
};
const NOTIFICATION = { clear: 0, major: 2, minor: 3, warning: 4, resolved: 12 } as const;

export type TSnmpAlarm = {
  alarmNumber: number;
  maintName: string;
  port: string;
  alarmType: "MAJOR" | "MINOR" | "WARNING";
  onBoard?: boolean;
};

/**
 * A PBX's SNMP alarm origination (G3-AVAYA-TRAP notifications, v2c) for the demo and tests.
 * Varbinds are column OID + instance (the alarm number), as on a real CM.
 */
export class PbxSnmpOriginator {
  private readonly session;

  constructor(private readonly opts: { host: string; port: number; community: string; productId: string; name: string }) {
    this.session = snmp.createSession(opts.host, opts.community, { version: snmp.Version2c, trapPort: opts.port });
    this.session.on("error", () => {});
  }

  private send(kind: keyof typeof NOTIFICATION, varbinds: { oid: string; type: number; value: string }[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.session.trap(`${TRAP}.${NOTIFICATION[kind]}`, varbinds, (e: Error | null) => (e ? reject(e) : resolve())),
    );
  }

  raise(a: TSnmpAlarm): Promise<void> {
    const i = `.${a.alarmNumber}`;
    const s = (oid: string, value: string) => ({ oid: oid + i, type: snmp.ObjectType.OctetString, value });
    const kind = a.alarmType === "MAJOR" ? "major" : a.alarmType === "MINOR" ? "minor" : "warning";
    return this.send(kind, [
      s(COL.externalName, this.opts.name),
      s(COL.productId, this.opts.productId),
      s(COL.alarmNumber, String(a.alarmNumber)),
      s(COL.port, a.port),
      s(COL.maintName, a.maintName),
      s(COL.onBrd, a.onBoard ? "y" : "n"),
      s(COL.alarmType, a.alarmType),
    ]);
  }

  /**
   * The test alarm `test inads-link` makes a system that reports by SNMP send (modelled: the
   * INADS maintenance object with alarm type TEST, which never alarms otherwise).
   */
  testAlarm(alarmNumber = 999): Promise<void> {
    const i = `.${alarmNumber}`;
    const s = (oid: string, value: string) => ({ oid: oid + i, type: snmp.ObjectType.OctetString, value });
    return this.send("minor", [
      s(COL.externalName, this.opts.name),
      s(COL.productId, this.opts.productId),
      s(COL.alarmNumber, String(alarmNumber)),
      s(COL.port, ""),
      s(COL.maintName, "INADS"),
      s(COL.onBrd, "n"),
      s(COL.alarmType, "TEST"),
    ]);
  }

  clear(alarmNumber: number): Promise<void> {
    const i = `.${alarmNumber}`;
    const s = (oid: string, value: string) => ({ oid: oid + i, type: snmp.ObjectType.OctetString, value });
    return this.send("clear", [
      s(COL.externalName, this.opts.name),
      s(COL.productId, this.opts.productId),
      s(COL.alarmNumber, String(alarmNumber)),
    ]);
  }

  close(): void {
    this.session.close();
  }
}
