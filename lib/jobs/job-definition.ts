import type { z } from "zod";
import type { TClaimedPort, TConn, TTask } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";

export type TJobContext = {
  db: TDb;
  nodeName: string;
  conn: TConn;
  /** The dial-out port claimed for this run (modem queues only). */
  port: TClaimedPort | null;
  jobId: string;
  queue: string;
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
  queue: { retryLimit: number; retryDelay?: number; expireInSeconds: number };
  handler: (payload: z.output<P>, ctx: TJobContext) => Promise<void>;
};

export function defineJob<P extends z.ZodType, C extends TConn, const I extends string>(
  def: TJobDefinition<P, C, I>,
): TJobDefinition<P, C, I> {
  return def;
}
