import snmp, { type ReceiverUser, type Session, type Varbind } from "net-snmp";
import { varbindValueText } from "../alarms/index.ts";
import { G3_ALARMS_ENTRY, type TWalkedVarbind } from "./alarm-table.ts";

export type TSnmpTarget = {
  host: string;
  port: number;
  version: "V1" | "V2C" | "V3";
  community?: string | null;
  user?: ReceiverUser;
  timeoutMs: number;
  retries: number;
};

/** GET-BULK takes this many rows' worth of varbinds per request (GET-NEXT on v1). */
const MAX_REPETITIONS = 20;
/** A table bigger than this is an agent walking in circles, not a CM's alarm log. */
const MAX_VARBINDS = 50_000;

/** Negative, zero or positive as OID `a` sorts before, equal to or after `b` (numerically, arc by arc). */
export function compareOids(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

function openSession(t: TSnmpTarget): Session {
  const options = { port: t.port, timeout: t.timeoutMs, retries: t.retries, transport: t.host.includes(":") ? "udp6" : "udp4" };
  if (t.version === "V3") {
    if (!t.user) throw new Error("SNMPv3 poll without a user");
    return snmp.createV3Session(t.host, t.user, { ...options, version: snmp.Version3 });
  }
  if (!t.community) throw new Error("SNMP poll without a community");
  return snmp.createSession(t.host, t.community, { ...options, version: t.version === "V1" ? snmp.Version1 : snmp.Version2c });
}

/**
 * Walks the system's g3alarmsEntry with GET-BULK (v2c/v3; GET-NEXT on v1, which has no bulk)
 * and returns its varbinds as text. Rejects on timeout, authentication failure or an error PDU.
 * The walk ends at the first varbind outside the entry, an exception (noSuchObject,
 * endOfMibView) or an OID that does not increase: some agents answer an empty table with
 * noSuchObject at the requested OID, which a naive walk asks for again forever.
 */
export function walkAlarmTable(target: TSnmpTarget): Promise<TWalkedVarbind[]> {
  return new Promise((resolve, reject) => {
    let session: Session;
    try {
      session = openSession(target);
    } catch (e) {
      reject(e);
      return;
    }
    const out: TWalkedVarbind[] = [];
    let open = true;
    const close = () => {
      if (open) session.close();
      open = false;
    };
    session.on("error", (e) => {
      close();
      reject(e);
    });
    const prefix = `${G3_ALARMS_ENTRY}.`;
    let last = G3_ALARMS_ENTRY;
    session.walk(
      G3_ALARMS_ENTRY,
      MAX_REPETITIONS,
      (varbinds: Varbind[]) => {
        for (const vb of varbinds) {
          if (snmp.isVarbindError(vb) || !vb.oid.startsWith(prefix) || compareOids(vb.oid, last) <= 0) return true;
          last = vb.oid;
          out.push({ oid: vb.oid, value: varbindValueText(vb.type, vb.value) });
          if (out.length >= MAX_VARBINDS) return true;
        }
        return false;
      },
      (error: Error | null) => {
        close();
        if (error) reject(error);
        else resolve(out);
      },
    );
  });
}
