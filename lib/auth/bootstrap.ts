import type { TDb } from "../db/index.ts";
import { audit } from "../audit/index.ts";
import { AppError } from "../errors/index.ts";
import { createApiToken } from "./api-tokens.ts";
import { sha256 } from "./tokens.ts";
import { countUsers, createUser, type TUserCreate } from "./users.ts";

/**
 * First start: the admin from ADMIN_EMAIL/ADMIN_PASSWORD and the API token from
 * KLAXON_BOOTSTRAP_TOKEN, each created once (only while none exists).
 */
export async function bootstrapFromEnv(
  db: TDb,
  { adminEmail, adminPassword, bootstrapToken }: { adminEmail?: string; adminPassword?: string; bootstrapToken?: string },
): Promise<string[]> {
  const done: string[] = [];
  if (adminEmail && adminPassword && (await countUsers(db)) === 0) {
    await createUser(db, { email: adminEmail, name: "Administrator", password: adminPassword, role: "ADMIN" });
    await audit(db, { actor: { type: "SYSTEM", name: "bootstrap" }, action: "user.create", target: adminEmail });
    done.push(`admin ${adminEmail}`);
  }
  if (bootstrapToken && !(await db.apiToken.findUnique({ where: { tokenHash: sha256(bootstrapToken) }, select: { id: true } }))) {
    await createApiToken(db, { name: "bootstrap", role: "ADMIN", value: bootstrapToken });
    await audit(db, { actor: { type: "SYSTEM", name: "bootstrap" }, action: "token.create", target: "bootstrap" });
    done.push("bootstrap token");
  }
  return done;
}

/** The one-time setup form: allowed only while no user exists (serialised by an advisory lock). */
export async function setupFirstAdmin(db: TDb, input: TUserCreate) {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7338001)");
    if ((await tx.user.count()) > 0) throw new AppError("FORBIDDEN", "setup is already done");
    const user = await createUser(tx as unknown as TDb, { ...input, role: "ADMIN" });
    await tx.auditLog.create({ data: { actorType: "SYSTEM", actorName: "setup", action: "user.create", target: user.email } });
    return user;
  });
}
