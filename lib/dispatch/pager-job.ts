import { z } from "zod";
import { ZId } from "../db/index.ts";

/**
 * The payload of `task.pager-dial.modem` as the dispatcher sends it: one page for one
 * Notification row, which the job's handler marks SENT or FAILED (and throws on a failed
 * attempt so pg-boss retries it, on another port or node).
 */
export const ZPageJob = z.object({
  notificationId: ZId,
  page: z.object({
    kind: z.enum(["TAP", "NUMERIC"]),
    number: z.string(),
    pagerId: z.string().optional(),
    password: z.string().optional(),
    text: z.string(),
    baud: z.number().int().optional(),
    format: z.enum(["7E1", "8N1"]).optional(),
    maxLength: z.number().int().optional(),
  }),
});
export type TPageJob = z.infer<typeof ZPageJob>;

export const PAGER_QUEUE = "task.pager-dial.modem";
/** TAP terminals commonly cut messages longer than 128 characters (HylaFAX's default). */
export const TAP_MAX_LENGTH = 128;
export const NUMERIC_MAX_LENGTH = 20;

/** Hands a page to the modem pool; `sql` runs inside the dispatcher's transaction (pg-boss `db` option). */
export type TPageSender = (job: TPageJob, sql: (text: string, values: unknown[]) => Promise<unknown[]>) => Promise<void>;
