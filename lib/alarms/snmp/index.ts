export { ZTrap, ZVarbind, type TTrap, type TVarbind, OID_SNMP_TRAP_OID, OID_SYS_UPTIME } from "./trap.ts";
export { TRAP_DEFINITIONS, G3_COLUMNS, trapDefinitionFor, type TTrapDefinition, type TTrapField } from "./trap-definitions.ts";
export { decodeTrap, genericDedupKey, rawOfTrap, type TDecodedTrap, type TDecodeOptions } from "./decode-trap.ts";
export { trapFromPdu, varbindValueText, type TPduMeta } from "./from-pdu.ts";
export { loadSnmpDirectory, snmpCommunityOf, snmpV3UserOf, type TSnmpDirectory, type TSnmpSystem, type TSnmpV3Row } from "./directory.ts";
export { v3UserName } from "./v3-user-name.ts";
