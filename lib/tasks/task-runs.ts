import { z } from "zod";
import { type Prisma, type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { TASK_CHANNEL } from "./live-channel.ts";

export const ZTaskStatus = z.enum(["QUEUED", "RUNNING", "PASSED", "FAILED", "ERROR"]);
export const ZTaskKind = z.enum(["INADS_TEST", "POST_ALARM_COMMANDS", "CONFIG_REPORT", "PAGER_DIAL", "MANUAL_COMMAND"]);

/** task.get's answer: exactly the fields of the API contract. */
export const ZTaskRunView = z.object({
  id: ZId,
  kind: ZTaskKind,
  status: ZTaskStatus,
  systemId: ZId.nullable(),
  alarmId: ZId.nullable(),
  nodeName: z.string().nullable(),
  connectionType: z.enum(["MODEM", "RAS_PPP", "DIRECT_IP"]).nullable(),
  port: z.string().nullable(),
  transcript: z.string(),
  result: z.unknown(),
  reason: z.string().nullable(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TTaskRunView = z.infer<typeof ZTaskRunView>;

const VIEW_SELECT = {
  id: true,
  kind: true,
  status: true,
  systemId: true,
  alarmId: true,
  nodeName: true,
  connectionType: true,
  port: true,
  transcript: true,
  result: true,
  reason: true,
  startedAt: true,
  finishedAt: true,
} as const;

export async function getTaskRun(db: TDb, { id }: { id: number }): Promise<TTaskRunView> {
  const row = await db.taskRun.findUnique({ where: { id }, select: VIEW_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `no task run ${id}`);
  return row;
}

export const ZTaskListInput = z.object({
  systemId: ZId.optional(),
  kind: ZTaskKind.optional(),
  status: ZTaskStatus.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: ZId.optional(),
});
export type TTaskListInput = z.input<typeof ZTaskListInput>;

/** A row of task.list: the contract's fields without the transcript, plus what a list shows. */
export type TTaskListItem = Omit<TTaskRunView, "transcript"> & {
  systemName: string | null;
  createdAt: Date;
  phase: string | null;
  attempts: number;
  requestedBy: string | null;
  waitUntil: Date | null;
};

/** Newest first; `cursor` is the last id of the previous page. */
export async function listTaskRuns(db: TDb, input: TTaskListInput): Promise<{ items: TTaskListItem[]; nextCursor: number | null }> {
  const { systemId, kind, status, limit, cursor } = ZTaskListInput.parse(input);
  const where: Prisma.TaskRunWhereInput = {
    ...(systemId !== undefined ? { systemId } : {}),
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
    ...(cursor !== undefined ? { id: { lt: cursor } } : {}),
  };
  const { transcript: _t, ...select } = VIEW_SELECT;
  const rows = await db.taskRun.findMany({
    where,
    orderBy: { id: "desc" },
    take: limit + 1,
    select: {
      ...select,
      createdAt: true,
      phase: true,
      attempts: true,
      requestedBy: true,
      waitUntil: true,
      system: { select: { name: true } },
    },
  });
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map(({ system, ...r }) => ({ ...r, systemName: system?.name ?? null }));
  return { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
}

/** Tells every node's pages that these runs changed (in the caller's transaction when given one). */
export async function announceTaskChange(db: TDb, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, TASK_CHANNEL, ids.join(","));
}
