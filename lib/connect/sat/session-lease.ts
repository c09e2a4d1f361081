import { randomUUID } from "node:crypto";
import type { TDb } from "../../db/index.ts";
import { SatError } from "./sat-error.ts";

/*
 * At most `slots` SAT sessions per system, cluster-wide (1 by default: a CM has few login
 * ports, and a second login can cut the first). A lease row per slot with an expiry on the
 * database clock rather than an advisory lock: a session lasts minutes and must not pin a
 * pooled connection, and a node that dies mid-session frees its slot when the lease expires
 * (same reasoning as lib/cluster/primary-lease.ts). Renewed while the session runs.
 */

const TTL_MS = 60_000;
const RENEW_MS = 20_000;
const POLL_MS = 500;

export type TSatLease = { holder: string; release(): Promise<void> };

async function tryTake(db: TDb, systemId: number, slot: number, holder: string, token: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ token: string }[]>`
    INSERT INTO "SatSessionLease" ("systemId", slot, holder, token, "expiresAt")
    VALUES (${systemId}, ${slot}, ${holder}, ${token}, (now() AT TIME ZONE 'UTC') + make_interval(secs => ${TTL_MS / 1000}::float8))
    ON CONFLICT ("systemId", slot) DO UPDATE
      SET holder = EXCLUDED.holder, token = EXCLUDED.token, "expiresAt" = EXCLUDED."expiresAt"
      WHERE "SatSessionLease"."expiresAt" < (now() AT TIME ZONE 'UTC')
    RETURNING token`;
  return rows[0]?.token === token;
}

async function currentHolders(db: TDb, systemId: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ holder: string }[]>`
    SELECT holder FROM "SatSessionLease" WHERE "systemId" = ${systemId} AND "expiresAt" >= (now() AT TIME ZONE 'UTC')`;
  return rows.map((r) => r.holder);
}

/**
 * Takes a free session slot of the system, waiting up to `waitMs` for one; throws
 * SESSION_IN_USE naming who holds them. The lease renews itself until `release()`.
 */
export async function acquireSatLease(
  db: TDb,
  { systemId, holder, slots = 1, waitMs }: { systemId: number; holder: string; slots?: number; waitMs: number },
): Promise<TSatLease> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  for (;;) {
    for (let slot = 0; slot < slots; slot++) {
      if (await tryTake(db, systemId, slot, holder, token)) return heldLease(db, systemId, slot, holder, token);
    }
    if (Date.now() + POLL_MS > deadline) {
      const holders = await currentHolders(db, systemId);
      throw new SatError(
        "SESSION_IN_USE",
        `another SAT session to this system is open${holders.length ? ` (${holders.join(", ")})` : ""}; at most ${slots} at a time`,
        "lock",
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function heldLease(db: TDb, systemId: number, slot: number, holder: string, token: string): TSatLease {
  const renew = setInterval(() => {
    void db.$executeRaw`
      UPDATE "SatSessionLease" SET "expiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${TTL_MS / 1000}::float8)
      WHERE "systemId" = ${systemId} AND slot = ${slot} AND token = ${token}`.catch(() => undefined);
  }, RENEW_MS);
  renew.unref();
  return {
    holder,
    release: async () => {
      clearInterval(renew);
      await db.$executeRaw`DELETE FROM "SatSessionLease" WHERE "systemId" = ${systemId} AND slot = ${slot} AND token = ${token}`.catch(
        () => undefined,
      );
    },
  };
}
