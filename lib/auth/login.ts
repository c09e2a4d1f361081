import type { TDb } from "../db/index.ts";
import { audit } from "../audit/index.ts";
import { AppError } from "../errors/index.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { isRateLimited, recordAttempt } from "./rate-limit.ts";
import { createSession } from "./sessions.ts";

// Verifying against a fixed hash keeps "no such user" as slow as "wrong password".
let dummyHash: Promise<string> | undefined;

export async function login(
  db: TDb,
  { email, password, ip, userAgent, nodeName }: { email: string; password: string; ip?: string; userAgent?: string; nodeName?: string },
) {
  const normalized = email.trim().toLowerCase();
  const keys = [`email:${normalized}`, ...(ip ? [`ip:${ip}`] : [])];
  if (await isRateLimited(db, keys)) {
    await audit(db, { actor: { type: "SYSTEM", name: normalized }, action: "auth.login.rate_limited", detail: { ip }, nodeName });
    throw new AppError("RATE_LIMITED", "too many failed logins; try again in 15 minutes");
  }
  const user = await db.user.findUnique({ where: { email: normalized } });
  dummyHash ??= hashPassword("klaxon-dummy-password");
  let ok = false;
  if (user && !user.disabled) ok = await verifyPassword(user.passwordHash, password);
  else await verifyPassword(await dummyHash, password);
  await recordAttempt(db, keys, ok);
  if (!user || !ok) {
    await audit(db, { actor: { type: "SYSTEM", name: normalized }, action: "auth.login.failed", detail: { ip }, nodeName });
    throw new AppError("UNAUTHENTICATED", "wrong email or password");
  }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  const session = await createSession(db, { userId: user.id, ip, userAgent });
  await audit(db, { actor: { type: "USER", id: user.id, name: user.email }, action: "auth.login", detail: { ip }, nodeName });
  return { ...session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
