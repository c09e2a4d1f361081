import { type TDb, Prisma } from "../db/index.ts";

/*
 * Login throttling that slows a guesser without locking the owner out:
 * - per account AND address: the first FREE_ATTEMPTS attempts are free, then each attempt must
 *   wait 2, 4, 8 … seconds (at most MAX_DELAY_S) after the previous one. The owner at another
 *   address is not affected at all, and even at the guesser's address the right password works
 *   once the delay has passed: nothing is ever locked.
 * - per address: at most MAX_ACCOUNTS_PER_ADDRESS distinct accounts with failures in a window,
 *   so one client cannot spray guesses over many accounts (a NAT or proxy shared by a NOC stays
 *   far below it; a successful login takes its account off the address's list).
 * Check and count are one statement: the address row and the account row are upserted with
 * ON CONFLICT … WHERE, which locks the row and re-checks the condition on its newest version, so
 * parallel guesses queue on the row and each sees the previous one's count.
 */

export const FREE_ATTEMPTS = 4;
export const MAX_DELAY_S = 900;
export const MAX_ACCOUNTS_PER_ADDRESS = 10;
const ADDRESS_WINDOW_S = 15 * 60;
/** An account+address pair that has been quiet this long starts again from zero. */
const RESET_AFTER_S = 60 * 60;

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
const delayFor = (failures: Prisma.Sql) =>
  Prisma.sql`make_interval(secs => CASE WHEN ${failures} < ${FREE_ATTEMPTS} THEN 0
    ELSE LEAST(power(2, ${failures} - ${FREE_ATTEMPTS} + 1), ${MAX_DELAY_S}) END)`;

export type TThrottleVerdict = { allowed: true } | { allowed: false; reason: "account" | "address"; retryAfterS: number };

/** Counts an attempt (before the password is checked) unless it must wait; one statement. */
export async function takeLoginAttempt(db: TDb, { account, address }: { account: string; address: string }): Promise<TThrottleVerdict> {
  const newFailures = Prisma.sql`CASE WHEN t."lastFailureAt" < ${NOW} - make_interval(secs => ${RESET_AFTER_S}) THEN 1 ELSE t.failures + 1 END`;
  const windowOver = Prisma.sql`t."windowStart" < ${NOW} - make_interval(secs => ${ADDRESS_WINDOW_S})`;
  const rows = await db.$queryRaw<{ addressOk: number; failures: number | null; waitS: number | null }[]>`
    WITH addr AS (
      INSERT INTO "LoginThrottle" AS t (account, address, failures, accounts, "windowStart", "lastFailureAt", "nextAllowedAt")
      VALUES ('', ${address}, 0, ARRAY[${account}]::text[], ${NOW}, ${NOW}, ${NOW})
      ON CONFLICT (account, address) DO UPDATE SET
        accounts = CASE WHEN ${windowOver} THEN ARRAY[${account}]::text[]
                        WHEN ${account} = ANY(t.accounts) THEN t.accounts
                        ELSE array_append(t.accounts, ${account}::text) END,
        "windowStart" = CASE WHEN ${windowOver} THEN ${NOW} ELSE t."windowStart" END,
        "lastFailureAt" = ${NOW}
      WHERE ${windowOver} OR ${account} = ANY(t.accounts) OR cardinality(t.accounts) < ${MAX_ACCOUNTS_PER_ADDRESS}
      RETURNING 1
    ), acct AS (
      INSERT INTO "LoginThrottle" AS t (account, address, failures, "windowStart", "lastFailureAt", "nextAllowedAt")
      SELECT ${account}, ${address}, 1, ${NOW}, ${NOW}, ${NOW} + ${delayFor(Prisma.sql`1`)} FROM addr
      ON CONFLICT (account, address) DO UPDATE SET
        failures = ${newFailures},
        "lastFailureAt" = ${NOW},
        "nextAllowedAt" = ${NOW} + ${delayFor(newFailures)}
      WHERE t."nextAllowedAt" <= ${NOW}
      RETURNING failures
    )
    SELECT (SELECT count(*) FROM addr)::int AS "addressOk", (SELECT failures FROM acct) AS failures,
      (SELECT ceil(EXTRACT(EPOCH FROM (x."nextAllowedAt" - ${NOW})))::int FROM "LoginThrottle" x
        WHERE x.account = ${account} AND x.address = ${address}) AS "waitS"`;
  const r = rows[0];
  if (!r || r.addressOk === 0) return { allowed: false, reason: "address", retryAfterS: ADDRESS_WINDOW_S };
  if (r.failures == null) return { allowed: false, reason: "account", retryAfterS: Math.max(1, Number(r.waitS ?? 1)) };
  return { allowed: true };
}

/** The right password: this account starts from zero at this address and leaves its list. */
export async function clearLoginAttempts(db: TDb, { account, address }: { account: string; address: string }): Promise<void> {
  await db.$transaction([
    db.$executeRaw`DELETE FROM "LoginThrottle" WHERE account = ${account} AND address = ${address}`,
    db.$executeRaw`UPDATE "LoginThrottle" SET accounts = array_remove(accounts, ${account}::text) WHERE account = '' AND address = ${address}`,
  ]);
}

export type TLoginThrottle = {
  account: string | null;
  address: string;
  failures: number;
  /** For an address: the distinct accounts it failed on in the current window. */
  accounts: string[];
  blockedUntil: Date | null;
};

/** What slows logins now, for the admin view: delayed account+address pairs and addresses at their limit. */
export async function listLoginThrottles(db: TDb): Promise<TLoginThrottle[]> {
  const rows = await db.$queryRaw<
    { account: string; address: string; failures: number; accounts: string[]; nextAllowedAt: Date; windowStart: Date; live: boolean }[]
  >`
    SELECT account, address, failures, accounts, "nextAllowedAt", "windowStart",
      CASE WHEN account = '' THEN "windowStart" >= ${NOW} - make_interval(secs => ${ADDRESS_WINDOW_S})
           ELSE "lastFailureAt" >= ${NOW} - make_interval(secs => ${RESET_AFTER_S}) END AS live
    FROM "LoginThrottle"
    WHERE (account = '' AND cardinality(accounts) > 0) OR (account <> '' AND failures >= ${FREE_ATTEMPTS})
    ORDER BY "lastFailureAt" DESC LIMIT 500`;
  return rows
    .filter((r) => r.live)
    .map((r) => ({
      account: r.account || null,
      address: r.address,
      failures: r.failures,
      accounts: r.accounts,
      blockedUntil: r.account
        ? r.nextAllowedAt > new Date()
          ? r.nextAllowedAt
          : null
        : r.accounts.length >= MAX_ACCOUNTS_PER_ADDRESS
          ? new Date(r.windowStart.getTime() + ADDRESS_WINDOW_S * 1000)
          : null,
    }));
}

/** An admin lifts the throttle: of an account (at one address or all), or of an address. */
export async function unlockLogin(db: TDb, { account, address }: { account?: string; address?: string }): Promise<number> {
  if (account) {
    return db.$executeRaw`DELETE FROM "LoginThrottle" WHERE account = ${account} AND (${address ?? null}::text IS NULL OR address = ${address ?? null}::text)`;
  }
  if (address) return db.$executeRaw`DELETE FROM "LoginThrottle" WHERE address = ${address}`;
  return 0;
}
