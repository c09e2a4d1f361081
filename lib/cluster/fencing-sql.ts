import type { TDb } from "../db/index.ts";

/** SQLSTATE raised by the fence trigger; callers recognise a refused stale write by it. */
export const FENCE_SQLSTATE = "KX409";

// plpgsql bodies contain ';', which the migration runner splits on, so this is installed
// idempotently at worker start (and by tests) instead of in a migration.
const FENCE_FUNCTION = `
CREATE OR REPLACE FUNCTION klaxon_fence_check() RETURNS trigger LANGUAGE plpgsql AS $fence$
DECLARE
  l RECORD;
BEGIN
  -- FOR SHARE: a takeover (an UPDATE of the lease row) waits until this action commits,
  -- so an action is never committed under a lease that has already changed hands.
  SELECT "holderName", epoch, "expiresAt" INTO l FROM "PrimaryLease" WHERE id = 1 FOR SHARE;
  IF l IS NULL OR l."holderName" IS DISTINCT FROM NEW."nodeName" OR l.epoch <> NEW.epoch
     OR l."expiresAt" <= (now() AT TIME ZONE 'UTC') THEN
    RAISE EXCEPTION 'fenced: % holds no live lease at epoch % (lease: % at epoch %)',
      NEW."nodeName", NEW.epoch, l."holderName", l.epoch USING ERRCODE = '${FENCE_SQLSTATE}';
  END IF;
  RETURN NEW;
END
$fence$`;

// Dispatch writes are fenced too: a stale primary can neither create a notification nor move an
// alarm's escalation on (AlarmDispatch rows are updated as escalation proceeds).
const FENCED_TABLES = ["SingletonAction", "MaintenanceRun", "CommandRuleMatch", "Notification", "AlarmReportSend"] as const;
// Rows a primary keeps updating (one per system, per alarm, per mailbox): the fence checks updates as well as inserts.
const FENCED_UPSERT_TABLES = ["SnmpPollState", "AlarmDispatch", "MailboxPoll"] as const;

/**
 * Creates the lease row and the fence triggers. Serialised by an advisory lock because
 * concurrent CREATE OR REPLACE FUNCTION from several starting nodes can collide.
 */
export async function ensureClusterSql(db: TDb): Promise<void> {
  const statements = [
    `SELECT pg_advisory_xact_lock(7105393)`,
    `INSERT INTO "PrimaryLease" (id, "holderName", epoch, "acquiredAt", "expiresAt")
     VALUES (1, NULL, 0, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')) ON CONFLICT (id) DO NOTHING`,
    FENCE_FUNCTION,
    ...FENCED_TABLES.map(
      (t) => `CREATE OR REPLACE TRIGGER klaxon_fence BEFORE INSERT ON "${t}" FOR EACH ROW EXECUTE FUNCTION klaxon_fence_check()`,
    ),
    ...FENCED_UPSERT_TABLES.map(
      (t) => `CREATE OR REPLACE TRIGGER klaxon_fence BEFORE INSERT OR UPDATE ON "${t}" FOR EACH ROW EXECUTE FUNCTION klaxon_fence_check()`,
    ),
  ];
  // Nodes starting together queue on the advisory lock inside their transactions: on a loaded
  // host that outlasts Prisma's default 2 s wait for a transaction and 5 s transaction timeout.
  await db.$transaction(
    async (tx) => {
      for (const sql of statements) await tx.$executeRawUnsafe(sql);
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

/** True when a database error is the fence refusing a write made with a stale epoch. */
export function isFenceRefusal(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${JSON.stringify((e as { meta?: unknown }).meta ?? "")}` : String(e);
  return text.includes(FENCE_SQLSTATE) || text.includes("fenced:");
}
