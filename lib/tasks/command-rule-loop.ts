import { isFenceRefusal, StaleEpochError } from "../cluster/index.ts";
import type { Prisma, TDb } from "../db/index.ts";
import { commandsFor, listCommandRules, ruleMatches, type TCommandRule } from "./command-rules.ts";
import { createQueuedRun } from "./enqueue-run.ts";
import type { TRunRequest } from "./request-task.ts";
import { announceTaskChange } from "./task-runs.ts";

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
/** An alarm insert commits within the ingest transaction's 30 s limit: ids this far behind are settled. */
const SETTLE_INTERVAL = "2 minutes";

type TCandidate = {
  id: number;
  systemId: number | null;
  customerId: number | null;
  maintObject: string | null;
  severity: string;
  port: string | null;
  status: string;
  source: string;
  connectionType: "MODEM" | "RAS_PPP" | "DIRECT_IP" | null;
  systemEnabled: boolean | null;
};

/**
 * New alarms not yet looked at, oldest first. Progress lives in CommandRuleMatch (a row per
 * alarm looked at): below the highest id looked at more than SETTLE_INTERVAL ago every alarm
 * has been seen, so the scan starts there; above it, an alarm whose insert committed late is
 * still found by the anti-join. Alarms from before the first run are never looked at.
 */
async function candidates(tx: TDb, limit: number): Promise<TCandidate[]> {
  return tx.$queryRawUnsafe<TCandidate[]>(
    `WITH low AS (
       SELECT COALESCE(max("alarmId") FILTER (WHERE at < ${NOW_UTC} - interval '${SETTLE_INTERVAL}'), min("alarmId"), 0) AS id
       FROM "CommandRuleMatch")
     SELECT a.id, a."systemId", s."customerId", a."maintObject", a.severity::text AS severity, a.port,
            a.status::text AS status, a.source::text AS source, s."connectionType"::text AS "connectionType", s.enabled AS "systemEnabled"
     FROM "Alarm" a LEFT JOIN "System" s ON s.id = a."systemId", low
     WHERE a.id > low.id AND NOT EXISTS (SELECT 1 FROM "CommandRuleMatch" m WHERE m."alarmId" = a.id)
     ORDER BY a.id LIMIT $1`,
    limit,
  );
}

/** The first run starts from the alarms that exist now: history is not replayed. */
async function ensureStart(tx: TDb, ctx: { nodeName: string; epoch: number }): Promise<boolean> {
  const any = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "CommandRuleMatch" LIMIT 1) x`);
  if (Number(any[0]?.n) > 0) return false;
  await tx.$executeRawUnsafe(
    `INSERT INTO "CommandRuleMatch" ("alarmId", at, "ruleIds", "nodeName", epoch)
     SELECT COALESCE(max(id), 0), ${NOW_UTC} - interval '1 day', '{}', $1, $2 FROM "Alarm"`,
    ctx.nodeName,
    ctx.epoch,
  );
  return true;
}

/** Repeats update the same row, so a row is a new alarm; tests, unknown systems and alarms resolved before we saw them get nothing. */
function rulesFor(a: TCandidate, rules: TCommandRule[]): TCommandRule[] {
  if (a.source === "TEST" || a.status === "RESOLVED" || !a.systemId || !a.connectionType || a.systemEnabled === false) return [];
  return rules.filter((r) => ruleMatches(r, a));
}

async function queueRun(tx: TDb, a: TCandidate & { systemId: number; connectionType: string }, rule: TCommandRule): Promise<number> {
  const built = commandsFor(rule.steps, a.port);
  const base = {
    kind: "POST_ALARM_COMMANDS" as const,
    systemId: a.systemId,
    alarmId: a.id,
    connectionType: a.connectionType as "MODEM" | "RAS_PPP" | "DIRECT_IP",
    requestedBy: `rule ${rule.name}`,
  };
  const request: TRunRequest & Prisma.JsonObject = {
    trigger: "RULE",
    ruleIds: [rule.id],
    ruleName: rule.name,
    resolveOnPass: rule.resolveOnPass,
    commands: "commands" in built ? built.commands : [],
  };
  if ("commands" in built) return (await createQueuedRun(tx, { ...base, request })).id;
  // Nothing to send: recorded as a failed run, with the reason, instead of a session that cannot help.
  const now = new Date();
  const run = await tx.taskRun.create({
    data: { ...base, request, status: "FAILED", reason: built.problem, startedAt: now, finishedAt: now },
    select: { id: true },
  });
  return run.id;
}

/**
 * One pass of the primary's command-rule loop: each new alarm is matched against the enabled
 * rules once, and every matching rule queues a `task.post-alarm-commands.<conn>` run. The
 * alarm's CommandRuleMatch row (fenced: nodeName/epoch must hold the lease) and its runs and
 * jobs commit together, so a stale primary queues nothing and no alarm is handled twice.
 */
export async function matchNewAlarms(
  db: TDb,
  { nodeName, epoch, batch = 200 }: { nodeName: string; epoch: number; batch?: number },
): Promise<{ looked: number; runs: number[] }> {
  const rules = (await listCommandRules(db)).filter((r) => r.enabled);
  try {
    return await db.$transaction(
      async (t) => {
        const tx = t as TDb;
        if (await ensureStart(tx, { nodeName, epoch })) return { looked: 0, runs: [] };
        const list = await candidates(tx, batch);
        if (list.length === 0) return { looked: 0, runs: [] };
        const planned = list.map((a) => ({ a, rules: rulesFor(a, rules) }));
        // The fenced insert first: it holds the lease row (FOR SHARE) until this commits.
        await tx.$executeRawUnsafe(
          `INSERT INTO "CommandRuleMatch" ("alarmId", at, "ruleIds", "nodeName", epoch)
           SELECT id, ${NOW_UTC}, rules::int[], $3, $4
           FROM unnest($1::int[], $2::text[]) AS t(id, rules)`,
          planned.map((p) => p.a.id),
          planned.map((p) => `{${p.rules.map((r) => r.id).join(",")}}`),
          nodeName,
          epoch,
        );
        const runs: number[] = [];
        for (const { a, rules: matched } of planned)
          for (const rule of matched) runs.push(await queueRun(tx, a as TCandidate & { systemId: number; connectionType: string }, rule));
        await announceTaskChange(tx, runs);
        return { looked: list.length, runs };
      },
      { timeout: 30_000 },
    );
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(nodeName, epoch);
    throw e;
  }
}
