import { Ber, BerReader } from "asn1-ber";

/**
 * The msgUserName of an SNMPv3 message, read from its USM security parameters (RFC 3414), or
 * null when the bytes are not a v3 message. net-snmp answers an unknown user's inform with a
 * report and tells its caller nothing, so the listener reads the name itself to record it.
 */
export function v3UserName(buffer: Buffer): string | null {
  try {
    const msg = new BerReader(buffer);
    msg.readSequence();
    if (msg.readInt() !== 3) return null;
    msg.readSequence(); // msgGlobalData: id, max size, flags, security model
    msg.readInt();
    msg.readInt();
    msg.readString(Ber.OctetString, true);
    msg.readInt();
    const params = msg.readString(Ber.OctetString, true);
    if (!Buffer.isBuffer(params)) return null;
    const usm = new BerReader(params);
    usm.readSequence();
    usm.readString(Ber.OctetString, true); // authoritative engine ID
    usm.readInt(); // engine boots
    usm.readInt(); // engine time
    const user = usm.readString(Ber.OctetString, true);
    return Buffer.isBuffer(user) ? user.toString("utf8") : null;
  } catch {
    return null;
  }
}
