import { principalFromSession, SESSION_COOKIE, type TPrincipal } from "../auth/index.ts";
import { loadEnv } from "../config/index.ts";
import { getDb } from "../db/index.ts";

/** For server components: the principal behind a session cookie value, or null. */
export async function principalFromCookie(value: string | undefined): Promise<TPrincipal | null> {
  if (!value) return null;
  const env = loadEnv();
  return principalFromSession(getDb(env.DATABASE_URL ?? ""), value);
}

export { SESSION_COOKIE };
