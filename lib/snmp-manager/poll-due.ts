import { isFenceRefusal, StaleEpochError } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";
import { type TPollContext, type TPollOutcome, type TPolledSystem, pollSystem } from "./poll-system.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/**
 * Systems that report by SNMP (enabled, an address, credentials for their SNMP version) whose
 * alarm table was last polled longer than `pollMs` ago, longest-waiting first.
 */
export async function systemsDueForPoll(db: TDb, { pollMs, limit }: { pollMs: number; limit: number }): Promise<TPolledSystem[]> {
  return db.$queryRawUnsafe<TPolledSystem[]>(
    `SELECT s.id, s.name, s."productId", s."ipAddress", s."snmpAgentPort", s."snmpVersion"::text AS "snmpVersion",
            s."snmpCommunity", s."snmpCommunityEnc", s."snmpV3User", s."snmpV3AuthProtocol", s."snmpV3AuthKeyEnc", s."snmpV3PrivProtocol", s."snmpV3PrivKeyEnc"
     FROM "System" s LEFT JOIN "SnmpPollState" p ON p."systemId" = s.id
     WHERE s.enabled AND s."ipAddress" IS NOT NULL
       AND ((s."snmpVersion" = 'V3' AND s."snmpV3User" IS NOT NULL) OR (s."snmpVersion" <> 'V3' AND COALESCE(s."snmpCommunityEnc", s."snmpCommunity") IS NOT NULL))
       AND (p."polledAt" IS NULL OR p."polledAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000))
     ORDER BY p."polledAt" ASC NULLS FIRST, s.id
     LIMIT $2`,
    pollMs,
    limit,
  );
}

export type TPollRound = { polled: number; failed: number; raised: number; resolved: number };

/** One round of the SNMP manager: polls every due system, `concurrency` at a time. */
export async function pollDueSystems(
  db: TDb,
  {
    pollMs,
    concurrency,
    onResult,
    ...ctx
  }: TPollContext & { pollMs: number; concurrency: number; onResult?: (s: TPolledSystem, r: TPollOutcome) => void },
): Promise<TPollRound> {
  const due = await systemsDueForPoll(db, { pollMs, limit: 500 });
  const round: TPollRound = { polled: 0, failed: 0, raised: 0, resolved: 0 };
  let next = 0;
  const worker = async () => {
    for (;;) {
      const s = due[next++];
      if (!s) return;
      const r = await pollSystem(db, s, ctx).catch((e: unknown) => {
        // The lease changed hands: stop the round, the new primary polls from here.
        if (isFenceRefusal(e)) throw new StaleEpochError(ctx.nodeName, ctx.epoch);
        throw e;
      });
      round.polled++;
      if (r.ok) {
        round.raised += r.raised.length;
        round.resolved += r.resolved.length;
      } else round.failed++;
      onResult?.(s, r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return round;
}
