import { z } from "zod";
import { listNotifications, ZNotificationListInput } from "../../dispatch/index.ts";
import { router, viewerProcedure } from "../trpc.ts";

const ZItem = z.object({
  id: z.number(),
  alarmId: z.number(),
  contactId: z.number(),
  channel: z.enum(["EMAIL", "PAGER"]),
  level: z.number(),
  status: z.enum(["PENDING", "SENT", "FAILED", "CANCELLED"]),
  attempts: z.number(),
  sentAt: z.date().nullable(),
  lastError: z.string().nullable(),
});

export const notificationRouter = router({
  list: viewerProcedure
    .input(ZNotificationListInput)
    .output(z.object({ items: z.array(ZItem), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => listNotifications(ctx.db, input)),
});
