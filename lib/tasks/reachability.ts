import type { TDb } from "../db/index.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/**
 * One failed attempt to reach the system. After `after` failures in a row the system is marked
 * unreachable (until a run gets through). Returns whether this failure marked it.
 */
export async function recordReachFailure(db: TDb, { systemId, after }: { systemId: number; after: number }): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ marked: boolean }[]>(
    `UPDATE "System" SET "taskFailures" = "taskFailures" + 1,
       "unreachableSince" = CASE WHEN "taskFailures" + 1 >= $2 THEN COALESCE("unreachableSince", ${NOW_UTC}) ELSE "unreachableSince" END
     WHERE id = $1
     RETURNING ("taskFailures" = $2) AS marked`,
    systemId,
    after,
  );
  return Boolean(rows[0]?.marked);
}

/** A run logged in: the failure count starts again and the system is reachable. */
export async function recordReachSuccess(db: TDb, { systemId }: { systemId: number }): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "System" SET "taskFailures" = 0, "unreachableSince" = NULL WHERE id = $1 AND ("taskFailures" <> 0 OR "unreachableSince" IS NOT NULL)`,
    systemId,
  );
}
