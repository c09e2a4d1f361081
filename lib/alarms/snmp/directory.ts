import snmp, { type ReceiverUser } from "net-snmp";
import type { TDb } from "../../db/index.ts";
import { decryptSecret } from "../../secrets/index.ts";

export type TSnmpSystem = { productId: string; community: string | null; v3User: string | null; ipAddress: string | null };

/** What the trap listener needs to know about the inventory: who may send, with which credentials. */
export type TSnmpDirectory = {
  byProductId: Map<string, TSnmpSystem>;
  productIdByAddress: Map<string, string>;
  users: ReceiverUser[];
  problems: string[];
};

const AUTH: Record<string, number | undefined> = {
  MD5: snmp.AuthProtocols.md5,
  SHA: snmp.AuthProtocols.sha,
  SHA1: snmp.AuthProtocols.sha,
  SHA224: snmp.AuthProtocols.sha224,
  SHA256: snmp.AuthProtocols.sha256,
  SHA384: snmp.AuthProtocols.sha384,
  SHA512: snmp.AuthProtocols.sha512,
};
const PRIV: Record<string, number | undefined> = {
  DES: snmp.PrivProtocols.des,
  AES: snmp.PrivProtocols.aes,
  AES128: snmp.PrivProtocols.aes,
  AES256B: snmp.PrivProtocols.aes256b,
  AES256R: snmp.PrivProtocols.aes256r,
};
const norm = (p: string | null) => (p ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");

type TRow = {
  productId: string;
  name: string;
  ipAddress: string | null;
  snmpCommunity: string | null;
  snmpCommunityEnc: string | null;
  snmpV3User: string | null;
  snmpV3AuthProtocol: string | null;
  snmpV3AuthKeyEnc: string | null;
  snmpV3PrivProtocol: string | null;
  snmpV3PrivKeyEnc: string | null;
};

export type TSnmpV3Row = Pick<
  TRow,
  "name" | "snmpV3User" | "snmpV3AuthProtocol" | "snmpV3AuthKeyEnc" | "snmpV3PrivProtocol" | "snmpV3PrivKeyEnc"
>;

/** A system's USM user (keys decrypted, in memory only), or a sentence saying why it cannot be built. */
export function snmpV3UserOf(row: TSnmpV3Row, key: Buffer): ReceiverUser | string {
  const name = row.snmpV3User as string;
  const authProtocol = AUTH[norm(row.snmpV3AuthProtocol)];
  const privProtocol = PRIV[norm(row.snmpV3PrivProtocol)];
  if (!row.snmpV3AuthKeyEnc) return { name, level: snmp.SecurityLevel.noAuthNoPriv };
  if (!authProtocol) return `${row.name}: unknown SNMPv3 auth protocol ${row.snmpV3AuthProtocol}`;
  const authKey = decryptSecret(key, row.snmpV3AuthKeyEnc);
  if (!row.snmpV3PrivKeyEnc) return { name, level: snmp.SecurityLevel.authNoPriv, authProtocol, authKey };
  if (!privProtocol) return `${row.name}: unknown SNMPv3 privacy protocol ${row.snmpV3PrivProtocol}`;
  const privKey = decryptSecret(key, row.snmpV3PrivKeyEnc);
  return { name, level: snmp.SecurityLevel.authPriv, authProtocol, authKey, privProtocol, privKey };
}

/**
 * A system's community, decrypted (in memory only). A plaintext left by an older version is
 * used until a node encrypts it (`encryptLegacyCommunities`).
 */
export function snmpCommunityOf(row: { snmpCommunity: string | null; snmpCommunityEnc: string | null }, key: Buffer): string | null {
  if (row.snmpCommunityEnc) return decryptSecret(key, row.snmpCommunityEnc);
  return row.snmpCommunity || null;
}

/** Reads enabled systems' SNMP settings; v3 keys are decrypted here and live only in memory. */
export async function loadSnmpDirectory(db: TDb, key: Buffer): Promise<TSnmpDirectory> {
  const rows = await db.system.findMany({
    where: { enabled: true },
    select: {
      productId: true,
      name: true,
      ipAddress: true,
      snmpCommunity: true,
      snmpCommunityEnc: true,
      snmpV3User: true,
      snmpV3AuthProtocol: true,
      snmpV3AuthKeyEnc: true,
      snmpV3PrivProtocol: true,
      snmpV3PrivKeyEnc: true,
    },
  });
  const dir: TSnmpDirectory = { byProductId: new Map(), productIdByAddress: new Map(), users: [], problems: [] };
  const users = new Map<string, ReceiverUser>();
  for (const row of rows) {
    let community: string | null;
    try {
      community = snmpCommunityOf(row, key);
    } catch (e) {
      // Unreadable with this node's key: no v1/v2c trap can vouch for this system.
      dir.problems.push(`${row.name}: cannot decrypt the SNMP community (${e instanceof Error ? e.message : e})`);
      community = "\u0000unreadable";
    }
    dir.byProductId.set(row.productId, {
      productId: row.productId,
      community,
      v3User: row.snmpV3User || null,
      ipAddress: row.ipAddress,
    });
    if (row.ipAddress) dir.productIdByAddress.set(row.ipAddress, row.productId);
    if (!row.snmpV3User) continue;
    let user: ReceiverUser | string;
    try {
      user = snmpV3UserOf(row, key);
    } catch (e) {
      user = `${row.name}: cannot decrypt SNMPv3 keys (${e instanceof Error ? e.message : e})`;
    }
    if (typeof user === "string") dir.problems.push(user);
    else if (users.has(user.name) && JSON.stringify(users.get(user.name)) !== JSON.stringify(user)) {
      // USM knows one key set per user name; systems sharing a name must share the keys.
      dir.problems.push(`${row.name}: SNMPv3 user ${user.name} is configured with other keys on another system`);
    } else users.set(user.name, user);
  }
  dir.users = [...users.values()];
  return dir;
}
