import type { z } from "zod";
import type { TClaimedPort, TConn, TTask } from "../cluster/index.ts";
import type { TDialOutHandle } from "../connect/modem-port.ts";
import type { TDb } from "../db/index.ts";

export type TJobContext = {
  db: TDb;
  nodeName: string;
  conn: TConn;
  /** The dial-out port claimed for this run (modem and RAS/PPP queues only). */
  port: TClaimedPort | null;
  /**
   * The claimed port's modem, lent by this node's port runtime (modem and RAS/PPP queues; rejects
   * otherwise or when the port's runtime cannot lend it). Borrowed on first call, handed back
   * (hung up, released) by the job router when the handler ends, on every path.
   */
  line: () => Promise<TDialOutHandle>;
  jobId: string;
  queue: string;
  /** Which run of the job this is: 1 = first, `of` = 1 + the queue's retry limit (set by the job router). */
  attempt?: { number: number; of: number };
};

/**
 * A job kind is data: an id, a payload schema, the server task it needs (null = only the
 * connection role), the connections it can run over, pg-boss queue options, and a handler.
 * Its queues are `<id>.<conn>` for each connection.
 */
export type TJobDefinition<P extends z.ZodType, C extends TConn = TConn, I extends string = string> = {
  id: I;
  payload: P;
  task: TTask | null;
  conns: readonly C[];
  queue: { retryLimit: number; retryDelay?: number; retryBackoff?: boolean; expireInSeconds: number };
  handler: (payload: z.output<P>, ctx: TJobContext) => Promise<void>;
};

export function defineJob<P extends z.ZodType, C extends TConn, const I extends string>(
  def: TJobDefinition<P, C, I>,
): TJobDefinition<P, C, I> {
  return def;
}
