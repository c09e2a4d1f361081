import type { TDb } from "../db/index.ts";
import { NOW } from "./sql.ts";

/*
 * Why a lease row and not a session advisory lock: an advisory lock lives as long as the
 * holder's database session, and a frozen (SIGSTOPped) or half-dead process keeps its TCP
 * session open, so the lock would stay held until TCP keepalive gives up, minutes later, and
 * failover could not happen in seconds. It also ties primacy to one pooled connection.
 * A row with an expiry measured on the database clock bounds the takeover time (TTL plus one
 * poll) whatever the holder does, survives connection churn, and carries the epoch in the
 * same row, so the fence trigger (fencing-sql.ts) can compare against it in one lookup.
 * Every statement here is a single autocommit statement: a process frozen mid-way can never
 * hold the lease row locked.
 */

export type TLease = { holderName: string | null; epoch: number; expiresAt: Date };

export type TLeaseAttempt = {
  /** The epoch now held, or null when another node holds a live lease. */
  epoch: number | null;
  /** Who held the lease before this statement (null = nobody), and whether that lease was still live. */
  previousHolder: string | null;
  previousLive: boolean;
};

/**
 * Takes or renews the primary lease for `nodeName`. The database itself checks that the node is
 * ONLINE (not draining) and primary-eligible, and, with `instanceId`, that this process is the
 * one that owns the node's name (a second process started with the same name can never hold
 * the lease, nor renew the first one's). The epoch rises whenever the lease changes hands.
 * With `preempt` (a preferred node past its hold-down), it also takes a live lease from a holder
 * that is not itself preferred; fencing makes that safe, the old holder's next write is refused.
 */
export async function acquireOrRenewLease(
  db: TDb,
  { nodeName, instanceId, ttlMs, preempt = false }: { nodeName: string; instanceId?: string; ttlMs: number; preempt?: boolean },
): Promise<TLeaseAttempt> {
  const instance = instanceId ?? null;
  const rows = await db.$queryRaw<{ epoch: number; previousHolder: string | null; previousLive: boolean }[]>`
    WITH cur AS (SELECT "holderName", "holderInstance", epoch, "acquiredAt", "expiresAt" > ${NOW} AS live,
                        "holderName" = ${nodeName} AND "holderInstance" IS NOT DISTINCT FROM ${instance}::text AS mine
                  FROM "PrimaryLease" WHERE id = 1 FOR UPDATE),
          me AS (SELECT r."primaryPreferred" AS preferred FROM "ClusterNode" n JOIN "NodeRole" r ON r."nodeId" = n.id
                 WHERE n.name = ${nodeName} AND n.state = 'ONLINE' AND r."primaryEligible"
                   AND n."instanceId" IS NOT DISTINCT FROM ${instance}::text),
          holder AS (SELECT r."primaryPreferred" AS preferred FROM cur
                     JOIN "ClusterNode" n ON n.name = cur."holderName" JOIN "NodeRole" r ON r."nodeId" = n.id)
     UPDATE "PrimaryLease" l SET
       epoch = CASE WHEN cur.mine AND cur.live THEN cur.epoch ELSE cur.epoch + 1 END,
       "acquiredAt" = CASE WHEN cur.mine AND cur.live THEN cur."acquiredAt" ELSE ${NOW} END,
       "holderName" = ${nodeName},
       "holderInstance" = ${instance}::text,
       "expiresAt" = ${NOW} + make_interval(secs => ${ttlMs}::float8 / 1000)
     FROM cur, me
     WHERE l.id = 1 AND (
       cur.mine OR cur."holderName" IS NULL OR NOT cur.live
       OR (${preempt}::boolean AND me.preferred AND NOT COALESCE((SELECT preferred FROM holder), false)))
     RETURNING l.epoch, cur."holderName" AS "previousHolder", cur.live AS "previousLive"`;
  const r = rows[0];
  if (!r) return { epoch: null, previousHolder: null, previousLive: false };
  return { epoch: Number(r.epoch), previousHolder: r.previousHolder, previousLive: Boolean(r.previousLive) };
}

/**
 * Gives the lease up now (drain, shutdown, loss of eligibility). With `instanceId`, only when this
 * process holds it. Returns whether it was held.
 */
export async function releaseLease(db: TDb, nodeName: string, instanceId?: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "PrimaryLease" SET "holderName" = NULL, "holderInstance" = NULL, "expiresAt" = ${NOW}
    WHERE id = 1 AND "holderName" = ${nodeName} AND (${instanceId ?? null}::text IS NULL OR "holderInstance" = ${instanceId ?? null}::text)`;
  return n > 0;
}

/** The live holder, as the database sees it now (an expired lease has no holder). */
export async function currentPrimary(db: TDb): Promise<TLease | null> {
  const rows = await db.$queryRaw<{ holderName: string | null; epoch: number; expiresAt: Date }[]>`
    SELECT "holderName", epoch, "expiresAt" FROM "PrimaryLease"
    WHERE id = 1 AND "expiresAt" > ${NOW} AND "holderName" IS NOT NULL`;
  const r = rows[0];
  return r ? { holderName: r.holderName, epoch: Number(r.epoch), expiresAt: r.expiresAt } : null;
}

/** Milliseconds until the current lease expires by the database clock (0 when free or expired). */
export async function leaseRemainingMs(db: TDb): Promise<number> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT GREATEST(0, EXTRACT(EPOCH FROM ("expiresAt" - ${NOW})) * 1000)::float8 AS ms
    FROM "PrimaryLease" WHERE id = 1 AND "holderName" IS NOT NULL`;
  return Number(rows[0]?.ms ?? 0);
}
