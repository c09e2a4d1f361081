import type { TDb } from "../db/index.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

export type TLease = { holderName: string | null; epoch: number; expiresAt: Date };

/**
 * Takes or renews the primary lease: one row with an expiry and an epoch. The epoch rises each
 * time the lease changes hands, so every singleton action can be fenced by it.
 * Returns the epoch held, or null when another live node holds the lease.
 */
export async function acquireOrRenewLease(db: TDb, { nodeName, ttlMs }: { nodeName: string; ttlMs: number }): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ epoch: number }[]>(
    `INSERT INTO "PrimaryLease" (id, "holderName", epoch, "acquiredAt", "expiresAt")
     VALUES (1, $1, 1, ${NOW_UTC}, ${NOW_UTC} + make_interval(secs => $2::float8 / 1000))
     ON CONFLICT (id) DO UPDATE SET
       epoch = CASE WHEN "PrimaryLease"."holderName" = EXCLUDED."holderName" AND "PrimaryLease"."expiresAt" > ${NOW_UTC}
                    THEN "PrimaryLease".epoch ELSE "PrimaryLease".epoch + 1 END,
       "acquiredAt" = CASE WHEN "PrimaryLease"."holderName" = EXCLUDED."holderName" AND "PrimaryLease"."expiresAt" > ${NOW_UTC}
                    THEN "PrimaryLease"."acquiredAt" ELSE ${NOW_UTC} END,
       "holderName" = EXCLUDED."holderName",
       "expiresAt" = EXCLUDED."expiresAt"
     WHERE "PrimaryLease"."holderName" = EXCLUDED."holderName" OR "PrimaryLease"."expiresAt" <= ${NOW_UTC}
        OR "PrimaryLease"."holderName" IS NULL
     RETURNING epoch`,
    nodeName,
    ttlMs,
  );
  const epoch = rows[0]?.epoch;
  return epoch == null ? null : Number(epoch);
}

export async function releaseLease(db: TDb, nodeName: string): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "PrimaryLease" SET "holderName" = NULL, "expiresAt" = ${NOW_UTC} WHERE id = 1 AND "holderName" = $1`,
    nodeName,
  );
}

/** The live holder, as the database sees it now (an expired lease has no holder). */
export async function currentPrimary(db: TDb): Promise<TLease | null> {
  const rows = await db.$queryRawUnsafe<{ holderName: string | null; epoch: number; expiresAt: Date }[]>(
    `SELECT "holderName", epoch, "expiresAt" FROM "PrimaryLease" WHERE id = 1 AND "expiresAt" > ${NOW_UTC}`,
  );
  const r = rows[0];
  return r ? { holderName: r.holderName, epoch: Number(r.epoch), expiresAt: r.expiresAt } : null;
}
