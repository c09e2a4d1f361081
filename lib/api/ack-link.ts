import { dataDir, loadEnv } from "../config/index.ts";
import { getDb } from "../db/index.ts";
import { ackLinkView, confirmAckLink } from "../dispatch/index.ts";
import { loadSecretKey } from "../secrets/index.ts";

// The acknowledge page needs no login: the signed, single-use, expiring token is the credential.
function deps() {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (start Klaxon with `klaxon start`)");
  return { env, db: getDb(env.DATABASE_URL), key: loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) }) };
}

export function viewAckLink(token: string) {
  const { db, key } = deps();
  return ackLinkView(db, key, token);
}

export function confirmAck(token: string) {
  const { db, key, env } = deps();
  return confirmAckLink(db, key, { token, nodeName: env.NODE_NAME });
}
