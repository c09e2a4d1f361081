import { audit } from "../audit/index.ts";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { clearLoginAttempts, takeLoginAttempt } from "./login-throttle.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { createSession } from "./sessions.ts";

// Verifying against a fixed hash keeps "no such user" as slow as "wrong password".
let dummyHash: Promise<string> | undefined;

export async function login(
  db: TDb,
  { email, password, ip, userAgent, nodeName }: { email: string; password: string; ip?: string; userAgent?: string; nodeName?: string },
) {
  const normalized = email.trim().toLowerCase();
  const key = { account: normalized, address: ip ?? "unknown" };
  // Counted before the password is looked at, in one statement with the check (login-throttle.ts).
  const verdict = await takeLoginAttempt(db, key);
  if (!verdict.allowed) {
    await audit(db, {
      actor: { type: "SYSTEM", name: normalized },
      action: "auth.login.throttled",
      detail: { ip, reason: verdict.reason, retryAfterS: verdict.retryAfterS },
      nodeName,
    });
    throw new AppError(
      "RATE_LIMITED",
      verdict.reason === "account"
        ? `too many failed logins for this account from your address; try again in ${verdict.retryAfterS} s`
        : "too many accounts tried from your address; try again later or ask an administrator",
    );
  }
  const user = await db.user.findUnique({ where: { email: normalized } });
  dummyHash ??= hashPassword("klaxon-dummy-password");
  let ok = false;
  if (user && !user.disabled) ok = await verifyPassword(user.passwordHash, password);
  else await verifyPassword(await dummyHash, password);
  if (!user || !ok) {
    await audit(db, { actor: { type: "SYSTEM", name: normalized }, action: "auth.login.failed", detail: { ip }, nodeName });
    throw new AppError("UNAUTHENTICATED", "wrong email or password");
  }
  await clearLoginAttempts(db, key);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  const session = await createSession(db, { userId: user.id, ip, userAgent });
  await audit(db, { actor: { type: "USER", id: user.id, name: user.email }, action: "auth.login", detail: { ip }, nodeName });
  return { ...session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
