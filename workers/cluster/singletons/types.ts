import type PgBoss from "pg-boss";
import type { TEnv } from "../../../lib/config/index.ts";
import type { TDb } from "../../../lib/db/index.ts";
import type { TLogger } from "../../../lib/log/index.ts";
import type { TLeaseKeeper } from "../lease-keeper.ts";
import type { TMembership } from "../membership.ts";

/** What a primary-only loop gets to work with. */
export type TSingletonDeps = {
  db: TDb;
  env: TEnv;
  nodeName: string;
  membership: TMembership;
  log: TLogger;
  /** For a loop that runs as long as its epoch lasts (the dispatcher) rather than once per slot. */
  lease: TLeaseKeeper;
  /** To enqueue jobs (pager pages) inside a singleton's transaction. */
  boss: PgBoss;
};

/**
 * One primary-only loop. Every `slotMs` the primary records one fenced SingletonAction for
 * `kind` (the first primary to reach a slot wins it; a stale epoch is refused by the database),
 * then runs `after` with the epoch it held. Work done in `after` carries that epoch.
 */
export type TSingleton = {
  kind: string;
  slotMs: number;
  enabled: () => boolean;
  detail: string;
  /** `signal` is aborted when this node no longer holds the lease at `epoch`, or stops. */
  after?: (ctx: { epoch: number; slotKey: string; signal: AbortSignal }) => Promise<void>;
};
