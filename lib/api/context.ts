import { principalFromSession, principalFromToken, SESSION_COOKIE, type TPrincipal } from "../auth/index.ts";
import { dataDir, loadEnv, type TEnv } from "../config/index.ts";
import { loadSecretKey } from "../secrets/index.ts";
import { getDb, type TDb } from "../db/index.ts";
import { clientIp } from "./client-ip.ts";
import { toTrpcError } from "./error-map.ts";
import { readCookie } from "./cookies.ts";
import { cameOverHttps } from "./http-guard.ts";

export type TContext = {
  db: TDb;
  env: TEnv;
  principal: TPrincipal | null;
  sessionToken: string | null;
  ip: string | undefined;
  userAgent: string | undefined;
  resHeaders: Headers;
  /** The request came over HTTPS (its URL, or a trusted proxy's X-Forwarded-Proto): cookies are Secure. */
  https: boolean;
  secretKey: () => Buffer;
};

let secretKey: Buffer | undefined;

export async function principalFromHeaders(
  db: TDb,
  headers: Headers,
): Promise<{ principal: TPrincipal | null; sessionToken: string | null }> {
  const auth = headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    return { principal: await principalFromToken(db, auth.slice(7).trim()), sessionToken: null };
  }
  const sessionToken = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!sessionToken) return { principal: null, sessionToken: null };
  return { principal: await principalFromSession(db, sessionToken), sessionToken };
}

export async function createContext({ req, resHeaders }: { req: Request; resHeaders: Headers }): Promise<TContext> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (start Klaxon with `klaxon start`)");
  const db = getDb(env.DATABASE_URL);
  // Runs before any procedure middleware: map a dead database here too, or the client gets a 500
  // carrying Prisma's internals instead of a 503.
  const { principal, sessionToken } = await principalFromHeaders(db, req.headers).catch((e: unknown) => {
    throw toTrpcError(e) ?? e;
  });
  return {
    db,
    env,
    principal,
    sessionToken,
    ip: clientIp(req.headers),
    userAgent: req.headers.get("user-agent") ?? undefined,
    resHeaders,
    https: cameOverHttps(req),
    secretKey: () => {
      secretKey ??= loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
      return secretKey;
    },
  };
}
