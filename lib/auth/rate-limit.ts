import type { TDb } from "../db/index.ts";

const WINDOW_MS = 15 * 60_000;
// An account locks after a few guesses. An address gets far more: a NOC behind one NAT, or every
// user behind a reverse proxy, shares it, and one person's typos must not lock out the rest;
// the address limit is there to stop one client spraying guesses over many accounts.
const MAX_FAILURES = { email: 5, ip: 30 } as const;

const limitOf = (key: string) => (key.startsWith("ip:") ? MAX_FAILURES.ip : MAX_FAILURES.email);

/** Failed logins per key (account and address) in the last 15 minutes, kept in the database so every node agrees. */
export async function isRateLimited(db: TDb, keys: string[]): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  for (const key of keys) {
    const failures = await db.loginAttempt.count({ where: { key, success: false, at: { gte: since } } });
    if (failures >= limitOf(key)) return true;
  }
  return false;
}

export async function recordAttempt(db: TDb, keys: string[], success: boolean): Promise<void> {
  await db.loginAttempt.createMany({ data: keys.map((key) => ({ key, success })) });
  if (success) {
    await db.loginAttempt.deleteMany({ where: { key: { in: keys }, success: false } });
  }
}
