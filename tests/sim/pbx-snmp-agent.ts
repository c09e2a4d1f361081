import dgram from "node:dgram";
import snmp, { type Agent, type ReceiverUser } from "net-snmp";
import type { TSnmpAlarm } from "./pbx-snmp.ts";

/** g3alarmsEntry (G3-AVAYA-MIB): columns are ENTRY.<n>, cells ENTRY.<n>.<index> (net-snmp registers a table at its entry). */
const ENTRY = "1.3.6.1.4.1.6889.2.8.1.4.6.1";
const PROVIDER = "g3alarmsTable";

const str = (number: number, name: string) => ({
  number,
  name,
  type: snmp.ObjectType.OctetString,
  maxAccess: snmp.MaxAccess["read-only"],
});
// Column numbers as DOMAIN.md lists them; 2 is the row index (not readable, as on a CM).
const COLUMNS = [
  str(1, "g3alarmsPort"),
  { number: 2, name: "g3alarmsIndex", type: snmp.ObjectType.Integer, maxAccess: snmp.MaxAccess["not-accessible"] },
  str(3, "g3alarmsMaintName"),
  str(4, "g3alarmsOnBrd"),
  str(5, "g3alarmsAltName"),
  str(6, "g3alarmsAlarmType"),
  str(7, "g3alarmsSvcState"),
  str(8, "g3alarmsAck"),
  str(17, "g3alarmsAlarmNumber"),
  str(18, "g3alarmsProductID"),
];

export type TAgentAlarm = TSnmpAlarm & { altName?: string; svcState?: string };

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * The PBX's SNMP agent: answers GET / GET-NEXT / GET-BULK for its alarm table (g3alarmsTable)
 * over real UDP, v1/v2c by community and v3 by USM user. Tests change the table to play
 * "a trap was lost" (an alarm the table holds that was never trapped) and "a clear was lost".
 */
export class PbxSnmpAgent {
  private readonly alarms = new Map<number, TAgentAlarm>();

  private constructor(
    private readonly agent: Agent,
    readonly port: number,
    private readonly productId: string,
  ) {}

  static async start(opts: { productId: string; community?: string; user?: ReceiverUser; port?: number }): Promise<PbxSnmpAgent> {
    const port = opts.port ?? (await freeUdpPort());
    const agent = snmp.createAgent({ port, address: "127.0.0.1", transport: "udp4" }, () => {});
    const auth = agent.getAuthorizer();
    if (opts.community) auth.addCommunity(opts.community);
    if (opts.user) auth.addUser(opts.user);
    agent.getMib().registerProvider({
      name: PROVIDER,
      type: snmp.MibProviderType.Table,
      oid: ENTRY,
      maxAccess: snmp.MaxAccess["not-accessible"],
      tableColumns: COLUMNS,
      tableIndex: [{ columnName: "g3alarmsIndex" }],
    });
    return new PbxSnmpAgent(agent, port, opts.productId);
  }

  /** An alarm appears in the table (without a trap being sent). */
  add(a: TAgentAlarm): void {
    if (this.alarms.has(a.alarmNumber)) this.remove(a.alarmNumber);
    this.alarms.set(a.alarmNumber, a);
    this.agent
      .getMib()
      .addTableRow(PROVIDER, [
        a.port,
        a.alarmNumber,
        a.maintName,
        a.onBoard ? "y" : "n",
        a.altName ?? "",
        a.alarmType,
        a.svcState ?? "",
        "n",
        String(a.alarmNumber),
        this.productId,
      ]);
  }

  /** The alarm leaves the table (resolved on the system, with or without a clear trap). */
  remove(alarmNumber: number): void {
    if (!this.alarms.delete(alarmNumber)) return;
    this.agent.getMib().deleteTableRow(PROVIDER, [alarmNumber]);
  }

  rows(): TAgentAlarm[] {
    return [...this.alarms.values()];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.agent.close(() => resolve()));
  }
}
