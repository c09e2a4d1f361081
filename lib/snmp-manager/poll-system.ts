import { type TAlarmInput, ingestWithin, resolveAlarms, snmpCommunityOf, snmpV3UserOf } from "../alarms/index.ts";
import type { TDb } from "../db/index.ts";
import { type TOpenAlarm, polledRowToAlarm, reconcileAlarms, rowsFromVarbinds } from "./alarm-table.ts";
import { type TSnmpTarget, walkAlarmTable } from "./snmp-walk.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
export const POLL_NOTE = "found by polling: a trap was lost";
/** Traps stamp alarms with the receiving node's clock: anything this close to the poll's start counts as touched during it. */
const CLOCK_SLACK_MS = 5000;

export type TPolledSystem = {
  id: number;
  name: string;
  productId: string;
  ipAddress: string | null;
  snmpAgentPort: number | null;
  snmpVersion: "V1" | "V2C" | "V3";
  snmpCommunity: string | null;
  /** The community is a secret: encrypted at rest (snmpCommunity is an older version's plaintext). */
  snmpCommunityEnc?: string | null;
  snmpV3User: string | null;
  snmpV3AuthProtocol: string | null;
  snmpV3AuthKeyEnc: string | null;
  snmpV3PrivProtocol: string | null;
  snmpV3PrivKeyEnc: string | null;
};

export type TPollOutcome = { ok: true; rows: number; raised: number[]; resolved: number[] } | { ok: false; error: string };
export type TPollContext = { nodeName: string; epoch: number; secretKey: Buffer; timeoutMs: number; retries: number };

function targetOf(s: TPolledSystem, ctx: TPollContext): TSnmpTarget | string {
  if (!s.ipAddress) return "no IP address";
  const base = { host: s.ipAddress, port: s.snmpAgentPort ?? 161, timeoutMs: ctx.timeoutMs, retries: ctx.retries };
  if (s.snmpVersion !== "V3")
    return {
      ...base,
      version: s.snmpVersion,
      community: snmpCommunityOf({ ...s, snmpCommunityEnc: s.snmpCommunityEnc ?? null }, ctx.secretKey),
    };
  const user = snmpV3UserOf({ ...s, snmpV3User: s.snmpV3User }, ctx.secretKey);
  return typeof user === "string" ? user : { ...base, version: "V3", user };
}

/** Writes this system's poll state; the fence trigger refuses it (and so the whole transaction) at a stale epoch. */
async function recordPoll(
  tx: TDb,
  s: TPolledSystem,
  ctx: TPollContext,
  state: { ok: boolean; error: string | null; rows: number; raised: number; resolved: number },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "SnmpPollState" ("systemId", "polledAt", ok, error, rows, raised, resolved, "nodeName", epoch)
     VALUES ($1, ${NOW_UTC}, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ("systemId") DO UPDATE SET "polledAt" = EXCLUDED."polledAt", ok = EXCLUDED.ok, error = EXCLUDED.error,
       rows = EXCLUDED.rows, raised = EXCLUDED.raised, resolved = EXCLUDED.resolved,
       "nodeName" = EXCLUDED."nodeName", epoch = EXCLUDED.epoch`,
    s.id,
    state.ok,
    state.error,
    state.rows,
    state.raised,
    state.resolved,
    ctx.nodeName,
    ctx.epoch,
  );
}

async function openSnmpAlarms(tx: TDb, systemId: number, since: Date): Promise<TOpenAlarm[]> {
  // Only alarms a G3 alarm trap or a poll made (DOMAIN dedup key "A|…"): generic traps are not table rows.
  const rows = await tx.$queryRawUnsafe<{ id: number; dedupKey: string; alarmNumber: string | null; touched: boolean }[]>(
    `SELECT id, "dedupKey", "alarmNumber", "lastSeenAt" >= $2::timestamp(3) AS touched FROM "Alarm"
     WHERE "systemId" = $1 AND "activeKey" IS NOT NULL AND source = 'SNMP' AND "dedupKey" LIKE 'A|%'`,
    systemId,
    since.toISOString(),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * Polls one system's alarm table and reconciles it with Klaxon's open alarms, in one transaction
 * that begins with the fenced poll-state write: a primary that lost its lease writes nothing.
 * The SNMP walk happens before the transaction, so no lock is held across the network.
 */
export async function pollSystem(db: TDb, s: TPolledSystem, ctx: TPollContext): Promise<TPollOutcome> {
  const startedAt = new Date(Date.now() - CLOCK_SLACK_MS);
  const target = targetOf(s, ctx);
  let polled: TAlarmInput[];
  try {
    if (typeof target === "string") throw new Error(target);
    polled = rowsFromVarbinds(await walkAlarmTable(target)).map((r) => polledRowToAlarm(r, s.productId));
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await db.$transaction(async (tx) => recordPoll(tx as TDb, s, ctx, { ok: false, error, rows: 0, raised: 0, resolved: 0 }));
    return { ok: false, error };
  }
  return db.$transaction(async (t) => {
    const tx = t as TDb;
    await recordPoll(tx, s, ctx, { ok: true, error: null, rows: polled.length, raised: 0, resolved: 0 });
    const { raise, resolveIds } = reconcileAlarms({ polled, open: await openSnmpAlarms(tx, s.id, startedAt) });
    const { created } = await ingestWithin(
      tx,
      raise.map((alarm) => ({ kind: "raise" as const, alarm })),
      { nodeName: ctx.nodeName },
    );
    if (created.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO "AlarmEvent" ("alarmId", at, kind, actor, "nodeName", message)
         SELECT id, ${NOW_UTC}, 'POLLED', 'snmp-manager', $2, $3 FROM unnest($1::int[]) AS id`,
        created,
        ctx.nodeName,
        `Not reported by trap: ${POLL_NOTE}`,
      );
    }
    const { changed } = await resolveAlarms(tx, {
      ids: resolveIds,
      comment: `gone from the system's alarm table (${POLL_NOTE})`,
      actor: { name: "snmp-manager", nodeName: ctx.nodeName },
    });
    await recordPoll(tx, s, ctx, { ok: true, error: null, rows: polled.length, raised: created.length, resolved: changed.length });
    return { ok: true as const, rows: polled.length, raised: created, resolved: changed };
  });
}
