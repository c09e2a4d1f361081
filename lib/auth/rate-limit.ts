import type { TDb } from "../db/index.ts";

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

/** Failed logins per key (account and address) in the last 15 minutes, kept in the database so every node agrees. */
export async function isRateLimited(db: TDb, keys: string[]): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  for (const key of keys) {
    const failures = await db.loginAttempt.count({ where: { key, success: false, at: { gte: since } } });
    if (failures >= MAX_FAILURES) return true;
  }
  return false;
}

export async function recordAttempt(db: TDb, keys: string[], success: boolean): Promise<void> {
  await db.loginAttempt.createMany({ data: keys.map((key) => ({ key, success })) });
  if (success) {
    await db.loginAttempt.deleteMany({ where: { key: { in: keys }, success: false } });
  }
}
