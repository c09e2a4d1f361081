import type { TDb } from "../db/index.ts";
import type { TRole } from "./roles.ts";
import type { TPrincipal } from "./sessions.ts";
import { newSecret, sha256 } from "./tokens.ts";

const TOKEN_PREFIX = "klx_";

/** Creates a token; the clear value is returned once and never stored. */
export async function createApiToken(
  db: TDb,
  { name, role, createdById, value }: { name: string; role: TRole; createdById?: number | null; value?: string },
) {
  const token = value ?? newSecret(TOKEN_PREFIX);
  const row = await db.apiToken.create({
    data: { name, role, tokenHash: sha256(token), prefix: token.slice(0, 8), createdById: createdById ?? null },
    select: { id: true, name: true, role: true, prefix: true, createdAt: true },
  });
  return { ...row, token };
}

export async function principalFromToken(db: TDb, token: string): Promise<TPrincipal | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, name: true, role: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  // Touch at most once a minute: a busy API client must not turn every call into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "token", id: row.id, name: `token:${row.name}`, role: row.role };
}

export async function listApiTokens(db: TDb) {
  return db.apiToken.findMany({
    orderBy: { id: "asc" },
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiToken(db: TDb, { id }: { id: number }) {
  return db.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true, name: true } });
}
