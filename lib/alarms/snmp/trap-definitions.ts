import type { TSeverity } from "../alarm-input.ts";

/** Alarm fields a trap definition can fill from varbinds. */
export type TTrapField =
  | "productId"
  | "alarmNumber"
  | "port"
  | "maintObject"
  | "onBoard"
  | "altName"
  | "alarmType"
  | "svcState"
  | "description"
  | "clientName";

/**
 * What one notification means, as data (like OpenNMS event definitions): which varbind (column
 * OID, matched by prefix because the instance suffix varies) holds which field, and whether the
 * trap raises an alarm, clears one, or is an event on the system. A site with a real capture
 * corrects this table, not the decoder.
 */
export type TTrapDefinition = {
  oid: string;
  name: string;
  action: "raise" | "clear" | "event";
  severity?: TSeverity;
  title: string;
  fields: Partial<Record<TTrapField, string>>;
};

const AVAYA_TRAP = "1.3.6.1.4.1.6889.1.8.1.0";
const G3_ALARMS = "1.3.6.1.4.1.6889.2.8.1.4.6.1";
const G3_EXTDEV = "1.3.6.1.4.1.6889.2.8.1.31.6.1";

/** Column OIDs of G3-AVAYA-MIB (DOMAIN.md, "SNMP"). */
export const G3_COLUMNS = {
  port: `${G3_ALARMS}.1`,
  maintObject: `${G3_ALARMS}.3`,
  onBoard: `${G3_ALARMS}.4`,
  altName: `${G3_ALARMS}.5`,
  alarmType: `${G3_ALARMS}.6`,
  svcState: `${G3_ALARMS}.7`,
  ack: `${G3_ALARMS}.8`,
  alarmNumber: `${G3_ALARMS}.17`,
  productId: `${G3_ALARMS}.18`,
  clientName: "1.3.6.1.4.1.6889.2.8.2.1.1.1.4",
  extAltName: `${G3_EXTDEV}.3`,
  extDescription: `${G3_EXTDEV}.4`,
  extId: `${G3_EXTDEV}.5`,
  extBuilding: `${G3_EXTDEV}.6`,
  extAddress: `${G3_EXTDEV}.7`,
  restartDateTime: "1.3.6.1.4.1.6889.2.8.1.38.6.1.5",
  restartLevel: "1.3.6.1.4.1.6889.2.8.1.38.6.1.6",
  restartCarrier: "1.3.6.1.4.1.6889.2.8.1.38.6.1.7",
} as const;

const C = G3_COLUMNS;
const naming = { productId: C.productId, alarmNumber: C.alarmNumber, clientName: C.clientName };
const alarm = {
  ...naming,
  port: C.port,
  maintObject: C.maintObject,
  onBoard: C.onBoard,
  altName: C.altName,
  alarmType: C.alarmType,
  svcState: C.svcState,
};
const extAlarm = { ...alarm, altName: C.extAltName, description: C.extDescription };

const avaya = (n: number, name: string, rest: Omit<TTrapDefinition, "oid" | "name">): TTrapDefinition => ({
  oid: `${AVAYA_TRAP}.${n}`,
  name,
  ...rest,
});

/** G3-AVAYA-TRAP notifications (DOMAIN.md) and the standard traps worth naming. */
export const TRAP_DEFINITIONS: readonly TTrapDefinition[] = [
  avaya(0, "alarmClear", { action: "clear", title: "Alarm cleared", fields: naming }),
  avaya(1, "alarmCritical", { action: "raise", severity: "CRITICAL", title: "Critical alarm", fields: alarm }),
  avaya(2, "alarmMajor", { action: "raise", severity: "MAJOR", title: "Major alarm", fields: alarm }),
  avaya(3, "alarmMinor", { action: "raise", severity: "MINOR", title: "Minor alarm", fields: alarm }),
  avaya(4, "alarmWarning", { action: "raise", severity: "WARNING", title: "Warning alarm", fields: alarm }),
  avaya(5, "extalarmMajor", { action: "raise", severity: "MAJOR", title: "Major external device alarm", fields: extAlarm }),
  avaya(6, "extalarmMinor", { action: "raise", severity: "MINOR", title: "Minor external device alarm", fields: extAlarm }),
  avaya(7, "alarmDispatch", { action: "event", title: "Alarm dispatched", fields: naming }),
  avaya(8, "alarmClose", { action: "event", title: "Alarm closed", fields: naming }),
  avaya(9, "alarmRestart", { action: "event", title: "System restart", fields: naming }),
  avaya(10, "alarmNak", { action: "event", title: "Alarm report refused (NAK)", fields: naming }),
  avaya(11, "alarmNoAck", { action: "event", title: "Alarm report not acknowledged", fields: naming }),
  avaya(12, "alarmResolved", { action: "clear", title: "Alarm resolved", fields: alarm }),
  avaya(101, "connectOther", { action: "event", title: "Connection state: other", fields: naming }),
  avaya(102, "connectOff", { action: "event", title: "Connection off", fields: naming }),
  avaya(103, "connectDown", { action: "event", title: "Connection down", fields: naming }),
  avaya(104, "connectInit", { action: "event", title: "Connection initialising", fields: naming }),
  avaya(105, "connectUp", { action: "event", title: "Connection up", fields: naming }),
  avaya(106, "connectIdle", { action: "event", title: "Connection idle", fields: naming }),
  avaya(110, "connectMax", { action: "event", title: "Connections at maximum", fields: naming }),
  avaya(150, "proxyDown", { action: "event", title: "Proxy down", fields: naming }),
  avaya(151, "proxyUp", { action: "event", title: "Proxy up", fields: naming }),
  { oid: "1.3.6.1.6.3.1.1.5.1", name: "coldStart", action: "event", title: "Agent cold start", fields: naming },
  { oid: "1.3.6.1.6.3.1.1.5.2", name: "warmStart", action: "event", title: "Agent warm start", fields: naming },
];

/**
 * (modelled) How a test alarm (`test inads-link` on a system that reports by SNMP) shows in an
 * alarm trap: the INADS Link maintenance object (which never alarms otherwise) or an alarm type
 * of test. Such a trap becomes a TEST alarm, like an INADS TST record.
 */
export const TEST_ALARM_MATCH = { maintObjects: ["INADS"], alarmTypes: ["TEST", "TST"] } as const;

const byOid = new Map(TRAP_DEFINITIONS.map((d) => [d.oid, d]));

export function trapDefinitionFor(trapOid: string): TTrapDefinition | undefined {
  return byOid.get(trapOid);
}
