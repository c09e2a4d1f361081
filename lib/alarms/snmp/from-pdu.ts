import snmp, { type Pdu } from "net-snmp";
import { OID_SNMP_TRAP_OID, OID_SNMP_TRAPS, OID_SYS_UPTIME, type TTrap, type TVarbind } from "./trap.ts";

export type TPduMeta = { version: number; community?: string; user?: string; remote: string; receivedAt: Date };

const PRINTABLE = /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/;

/** Varbind values as strings a person can read and search: text when it is text, else 0x-hex. */
export function varbindValueText(type: number, value: unknown): string {
  if (value == null) return "";
  if (Buffer.isBuffer(value)) {
    if (type === snmp.ObjectType.Counter64) return value.length ? BigInt(`0x${value.toString("hex")}`).toString() : "0";
    const text = value.toString("utf8");
    return PRINTABLE.test(text) && !text.includes("\ufffd") ? text : `0x${value.toString("hex")}`;
  }
  return String(value);
}

/** Community and user names from the wire: shown as text when they are text, else hex. */
export function wireText(value: string | undefined): string | undefined {
  if (value == null) return undefined;
  return PRINTABLE.test(value) ? value : `0x${Buffer.from(value, "latin1").toString("hex")}`;
}

function toVarbind(v: { oid: string; type: number; value: unknown }): TVarbind {
  return { oid: v.oid, type: snmp.ObjectType[v.type] ?? String(v.type), value: varbindValueText(v.type, v.value) };
}

/**
 * A net-snmp trap/inform PDU as Klaxon's trap shape. SNMPv1 traps get their RFC 3584 v2 OID
 * (enterprise.0.specific, or snmpTraps.generic+1) so one definition table serves all versions.
 */
export function trapFromPdu(pdu: Pdu, meta: TPduMeta): TTrap | { error: string } {
  const version = meta.version === snmp.Version1 ? "v1" : meta.version === snmp.Version3 ? "v3" : "v2c";
  const base = {
    version,
    remote: meta.remote,
    receivedAt: meta.receivedAt,
    community: wireText(meta.community),
    user: wireText(meta.user),
  } as const;
  const varbinds = (pdu.varbinds ?? []).filter((v) => v && typeof v.oid === "string");
  if (pdu.type === snmp.PduType.Trap) {
    const enterprise = pdu.enterprise ?? "";
    const generic = pdu.generic ?? 6;
    // Some senders (net-snmp's own) already put the ".0" into the enterprise; RFC 3584 adds it.
    const prefix = enterprise.endsWith(".0") ? enterprise : `${enterprise}.0`;
    const trapOid = generic === 6 ? `${prefix}.${pdu.specific ?? 0}` : `${OID_SNMP_TRAPS}.${generic + 1}`;
    return { ...base, pdu: "trap", trapOid, upTime: pdu.upTime, varbinds: varbinds.map(toVarbind) };
  }
  if (pdu.type !== snmp.PduType.TrapV2 && pdu.type !== snmp.PduType.InformRequest) {
    return { error: `unexpected PDU type ${snmp.PduType[pdu.type] ?? pdu.type}` };
  }
  const trapOidVb = varbinds.find((v) => v.oid === OID_SNMP_TRAP_OID);
  if (!trapOidVb || typeof trapOidVb.value !== "string") return { error: "no snmpTrapOID.0 varbind" };
  const upTimeVb = varbinds.find((v) => v.oid === OID_SYS_UPTIME);
  return {
    ...base,
    pdu: pdu.type === snmp.PduType.InformRequest ? "inform" : "trap",
    trapOid: trapOidVb.value,
    upTime: typeof upTimeVb?.value === "number" ? upTimeVb.value : undefined,
    varbinds: varbinds.filter((v) => v !== trapOidVb && v !== upTimeVb).map(toVarbind),
  };
}
