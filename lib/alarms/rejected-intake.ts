import type { TDb } from "../db/index.ts";
import type { TAlarmSource } from "./alarm-input.ts";

export type TRejectInput = { source: TAlarmSource; remote?: string | null; reason: string; raw: Buffer | string; at?: Date };

const MAX_RAW_BYTES = 4096;

const rawText = (raw: Buffer | string) =>
  Buffer.isBuffer(raw) ? raw.subarray(0, MAX_RAW_BYTES).toString("hex") : raw.slice(0, MAX_RAW_BYTES * 2);

/**
 * Records rejected input and trims the table to its newest `keep` rows in the same statement
 * batch, so a flood of garbage cannot grow the table without limit.
 */
export async function recordRejects(
  db: TDb,
  rejects: TRejectInput[],
  { nodeName, keep }: { nodeName: string; keep: number },
): Promise<void> {
  if (rejects.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO "RejectedIntake" (at, source, "nodeName", remote, reason, raw)
       SELECT t.at::timestamp(3), t.source::"AlarmSource", $5, t.remote, t.reason, t.raw
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[]) AS t(at, source, remote, reason, raw)`,
      rejects.map((r) => (r.at ?? new Date()).toISOString()),
      rejects.map((r) => r.source),
      rejects.map((r) => r.remote?.replace(/\p{Cc}/gu, "?") ?? null),
      // Reasons quote wire data (user names, communities); Postgres text cannot hold NUL.
      rejects.map((r) => r.reason.replace(/\p{Cc}/gu, "?").slice(0, 500)),
      nodeName,
      rejects.map((r) => rawText(r.raw)),
    );
    await tx.$executeRawUnsafe(
      `DELETE FROM "RejectedIntake" WHERE id <= (SELECT id FROM "RejectedIntake" ORDER BY id DESC OFFSET $1 LIMIT 1)`,
      keep,
    );
  });
}

/** Newest first, for the "Rejected intake" page: what arrived, from where, and why it was refused. */
export async function listRejects(db: TDb, { limit, cursor, source }: { limit: number; cursor?: number; source?: TAlarmSource }) {
  const rows = await db.rejectedIntake.findMany({
    where: source ? { source } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const since = new Date(Date.now() - 86_400_000);
  const lastDay = await db.rejectedIntake.count({ where: { at: { gte: since } } });
  return { items, nextCursor: hasMore ? items[items.length - 1]?.id : undefined, lastDay };
}
