import type { TDb } from "../db/index.ts";
import type { TRole } from "./roles.ts";
import { newSecret, sha256 } from "./tokens.ts";

export const SESSION_COOKIE = "klaxon_session";
const SESSION_DAYS = 7;

export type TPrincipal = { kind: "user" | "token"; id: number; name: string; role: TRole };

export async function createSession(db: TDb, { userId, ip, userAgent }: { userId: number; ip?: string; userAgent?: string }) {
  const token = newSecret("s_");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { id: sha256(token), userId, expiresAt, ip: ip ?? null, userAgent: userAgent?.slice(0, 300) ?? null } });
  return { token, expiresAt };
}

export async function principalFromSession(db: TDb, token: string): Promise<TPrincipal | null> {
  const session = await db.session.findUnique({
    where: { id: sha256(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, role: true, disabled: true } } },
  });
  if (!session || session.expiresAt < new Date() || session.user.disabled) return null;
  return { kind: "user", id: session.user.id, name: session.user.email, role: session.user.role };
}

export async function deleteSession(db: TDb, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sha256(token) } });
}
