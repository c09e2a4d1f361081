import { z } from "zod";

/** One varbind as readable strings: the raw trap must be searchable by any value a technician pastes. */
export const ZVarbind = z.object({ oid: z.string(), type: z.string(), value: z.string() });
export type TVarbind = z.infer<typeof ZVarbind>;

/** A received trap or inform, independent of the SNMP library that parsed it. */
export const ZTrap = z.object({
  version: z.enum(["v1", "v2c", "v3"]),
  pdu: z.enum(["trap", "inform"]),
  community: z.string().optional(),
  user: z.string().optional(),
  remote: z.string(),
  trapOid: z.string(),
  upTime: z.number().optional(),
  /** Every varbind except sysUpTime.0 and snmpTrapOID.0 (kept in upTime/trapOid). */
  varbinds: z.array(ZVarbind),
  receivedAt: z.date(),
});
export type TTrap = z.infer<typeof ZTrap>;

export const OID_SYS_UPTIME = "1.3.6.1.2.1.1.3.0";
export const OID_SNMP_TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0";
export const OID_SNMP_TRAPS = "1.3.6.1.6.3.1.1.5";
