import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";

export const ZNotificationListInput = z.object({
  alarmId: ZId.optional(),
  contactId: ZId.optional(),
  status: z.enum(["PENDING", "SENT", "FAILED", "CANCELLED"]).optional(),
  channel: z.enum(["EMAIL", "PAGER"]).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: ZId.optional(),
});
export type TNotificationListInput = z.input<typeof ZNotificationListInput>;

/** Newest first; `level` is 0 for a resolved notice. */
export async function listNotifications(db: TDb, input: z.output<typeof ZNotificationListInput>) {
  const rows = await db.notification.findMany({
    where: {
      ...(input.alarmId !== undefined ? { alarmId: input.alarmId } : {}),
      ...(input.contactId !== undefined ? { contactId: input.contactId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.channel ? { channel: input.channel } : {}),
      ...(input.cursor !== undefined ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      alarmId: true,
      contactId: true,
      channel: true,
      level: true,
      status: true,
      attempts: true,
      sentAt: true,
      lastError: true,
    },
  });
  const more = rows.length > input.limit;
  const items = more ? rows.slice(0, input.limit) : rows;
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
