import { z } from "zod";
// Not ../alarms/index.ts: alarms' SNMP directory reads the inventory, and the index would make that a cycle.
import { isProductId } from "../alarms/field-rules.ts";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { encryptSecret } from "../secrets/index.ts";
import { announceSystemsChanged } from "./changes.ts";
import { ZHostOrAddress } from "./host-name.ts";

const opt = (max: number) => z.string().trim().max(max).optional().nullable();

export const ZSystemInput = z.object({
  name: z.string().trim().min(1).max(100),
  productId: z
    .string()
    .trim()
    .regex(/^\d{10}$/, "product ID is 10 digits"),
  model: opt(60),
  customerId: ZId.optional().nullable(),
  connectionType: z.enum(["MODEM", "RAS_PPP", "DIRECT_IP"]).default("DIRECT_IP"),
  dialNumber: z
    .string()
    .trim()
    .regex(/^[0-9*#,W@!;]{0,40}$/i, "dial string: digits , W @ ! ; (max 40)")
    .optional()
    .nullable(),
  // "" clears it, like the other optional text fields.
  ipAddress: z.union([z.literal(""), ZHostOrAddress]).optional().nullable(),
  ipPort: z.number().int().min(1).max(65535).optional().nullable(),
  satLogin: opt(40),
  satPassword: z.string().max(100).optional(),
  terminalType: z.string().trim().max(10).default("ossi4"),
  /** SAT over IP (direct or over the PPP link): SSH on 5022 or telnet on 5023 unless ipPort says otherwise. */
  satProtocol: z.enum(["SSH", "TELNET"]).default("SSH"),
  pppUser: opt(64),
  pppPassword: z.string().max(100).optional(),
  snmpVersion: z.enum(["V1", "V2C", "V3"]).default("V2C"),
  /** Write-only, like the passwords: a value replaces it, "" or null clears it, absent keeps it. */
  snmpCommunity: opt(64),
  snmpV3User: opt(64),
  snmpV3AuthProtocol: z.enum(["MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512"]).optional().nullable(),
  snmpV3AuthKey: z.string().min(8).max(100).optional(),
  snmpV3PrivProtocol: z.enum(["DES", "AES", "AES256B", "AES256R"]).optional().nullable(),
  snmpV3PrivKey: z.string().min(8).max(100).optional(),
  enabled: z.boolean().default(true),
});
export type TSystemInput = z.infer<typeof ZSystemInput>;

type TPatchShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> };

/**
 * An update: only the fields sent change. Not `ZSystemInput.partial()`: zod 4 fills defaults
 * inside optional fields, so renaming a system would also reset its connection type, SAT
 * protocol and `enabled` to their defaults.
 */
export const ZSystemPatch = z.object(
  Object.fromEntries(
    Object.entries(ZSystemInput.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()]),
  ) as TPatchShape<typeof ZSystemInput.shape>,
);

export const SYSTEM_PUBLIC_SELECT = {
  id: true,
  name: true,
  productId: true,
  model: true,
  customerId: true,
  connectionType: true,
  dialNumber: true,
  ipAddress: true,
  ipPort: true,
  satLogin: true,
  terminalType: true,
  satProtocol: true,
  pppUser: true,
  sshHostKey: true,
  sshHostKeyAt: true,
  sshHostKeyNew: true,
  sshHostKeyNewAt: true,
  snmpVersion: true,
  snmpCommunity: true,
  snmpCommunityEnc: true,
  snmpV3User: true,
  snmpV3AuthProtocol: true,
  snmpV3PrivProtocol: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  satPasswordEnc: true,
  pppPasswordEnc: true,
  snmpV3AuthKeyEnc: true,
  snmpV3PrivKeyEnc: true,
  customer: { select: { id: true, name: true } },
} as const;

type TRow = Awaited<ReturnType<typeof loadRows>>[number];
const loadRows = (db: TDb, where = {}) => db.system.findMany({ where, orderBy: { name: "asc" }, select: SYSTEM_PUBLIC_SELECT });

/**
 * Secrets never leave the server: callers see only whether one is set. The SNMP community is one
 * (it is all that vouches for a v1/v2c trap), so a viewer who could read it could forge alarms.
 */
function redact({ satPasswordEnc, pppPasswordEnc, snmpV3AuthKeyEnc, snmpV3PrivKeyEnc, snmpCommunity, snmpCommunityEnc, ...s }: TRow) {
  return {
    ...s,
    hasSnmpCommunity: !!(snmpCommunityEnc || snmpCommunity),
    hasSatPassword: !!satPasswordEnc,
    hasPppPassword: !!pppPasswordEnc,
    hasSnmpV3AuthKey: !!snmpV3AuthKeyEnc,
    hasSnmpV3PrivKey: !!snmpV3PrivKeyEnc,
  };
}

function secretFields<T extends Partial<TSystemInput>>(key: Buffer, input: T) {
  const { satPassword, pppPassword, snmpV3AuthKey, snmpV3PrivKey, snmpCommunity, ...rest } = input;
  return {
    rest,
    secrets: {
      ...(snmpCommunity !== undefined
        ? { snmpCommunityEnc: snmpCommunity ? encryptSecret(key, snmpCommunity) : null, snmpCommunity: null }
        : {}),
      ...(satPassword !== undefined ? { satPasswordEnc: satPassword ? encryptSecret(key, satPassword) : null } : {}),
      ...(pppPassword !== undefined ? { pppPasswordEnc: pppPassword ? encryptSecret(key, pppPassword) : null } : {}),
      ...(snmpV3AuthKey !== undefined ? { snmpV3AuthKeyEnc: encryptSecret(key, snmpV3AuthKey) } : {}),
      ...(snmpV3PrivKey !== undefined ? { snmpV3PrivKeyEnc: encryptSecret(key, snmpV3PrivKey) } : {}),
    },
  };
}

/**
 * Encrypts communities an older version stored as plaintext (run by every node at start; each
 * row is changed only if its plaintext is still the one read, so concurrent nodes agree).
 */
export async function encryptLegacyCommunities(db: TDb, key: Buffer): Promise<number> {
  const rows = await db.system.findMany({ where: { snmpCommunity: { not: null } }, select: { id: true, snmpCommunity: true } });
  let done = 0;
  for (const r of rows) {
    const plain = r.snmpCommunity as string;
    const { count } = await db.system.updateMany({
      where: { id: r.id, snmpCommunity: plain },
      data: { snmpCommunityEnc: plain ? encryptSecret(key, plain) : null, snmpCommunity: null },
    });
    done += count;
  }
  if (done) await announceSystemsChanged(db);
  return done;
}

export async function listSystems(db: TDb, { q }: { q?: string } = {}) {
  const where = q ? { OR: [{ name: { contains: q, mode: "insensitive" as const } }, { productId: { contains: q } }] } : {};
  return (await loadRows(db, where)).map(redact);
}

export async function getSystem(db: TDb, { id }: { id: number }) {
  const rows = await loadRows(db, { id });
  if (!rows[0]) throw new AppError("NOT_FOUND", `no system ${id}`);
  return redact(rows[0]);
}

/** A product ID names one system: say which field clashes and with what, not "already exists". */
async function refuseTakenProductId(db: TDb, productId: string | undefined, exceptId?: number): Promise<void> {
  if (!productId) return;
  const other = await db.system.findUnique({ where: { productId }, select: { id: true, name: true } });
  if (other && other.id !== exceptId)
    throw new AppError("CONFLICT", `productId: product ID ${productId} already belongs to system "${other.name}"`);
}

/** Creating a system also claims the alarms that arrived under its product ID before it existed. */
export async function createSystem(db: TDb, { input, secretKey }: { input: TSystemInput; secretKey: Buffer }) {
  const { rest, secrets } = secretFields(secretKey, input);
  await refuseTakenProductId(db, input.productId);
  const created = await db.$transaction(async (tx) => {
    const { name, productId, ...others } = rest;
    const s = await tx.system.create({ data: { name, productId, ...others, ...secrets }, select: { id: true } });
    await tx.alarm.updateMany({ where: { productId: input.productId, systemId: null }, data: { systemId: s.id } });
    await tx.systemEvent.updateMany({ where: { productId: input.productId, systemId: null }, data: { systemId: s.id } });
    return s;
  });
  await announceSystemsChanged(db);
  return getSystem(db, created);
}

export async function updateSystem(db: TDb, { id, input, secretKey }: { id: number; input: Partial<TSystemInput>; secretKey: Buffer }) {
  const { rest, secrets } = secretFields(secretKey, input);
  await refuseTakenProductId(db, input.productId, id);
  await db.system.update({ where: { id }, data: { ...rest, ...secrets } });
  await announceSystemsChanged(db);
  return getSystem(db, { id });
}

export async function deleteSystem(db: TDb, { id }: { id: number }) {
  const deleted = await db.system.delete({ where: { id }, select: { id: true, name: true } });
  await announceSystemsChanged(db);
  return deleted;
}

/** Product IDs that sent alarms but match no system: the board offers to turn each into one. */
export async function unknownProductIds(db: TDb) {
  const rows = await db.alarm.groupBy({
    by: ["productId"],
    where: { systemId: null, productId: { not: null } },
    _count: { _all: true },
    _max: { lastSeenAt: true },
    orderBy: { _max: { lastSeenAt: "desc" } },
  });
  // `valid`: a 10-digit product ID that could become a system; anything else is shown, flagged, and not offered.
  return rows.map((r) => ({
    productId: r.productId as string,
    valid: isProductId(r.productId),
    alarms: r._count._all,
    lastSeenAt: r._max.lastSeenAt,
  }));
}

export async function createSystemFromUnknown(
  db: TDb,
  { productId, name, secretKey }: { productId: string; name?: string; secretKey: Buffer },
) {
  return createSystem(db, { input: ZSystemInput.parse({ productId, name: name ?? `System ${productId}` }), secretKey });
}
