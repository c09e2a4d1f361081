import type { Prisma, TDb } from "../db/index.ts";
import { acknowledgeAlarms, resolveAlarms, type TActor } from "./lifecycle.ts";
import { alarmWhere, type TAlarmFilter } from "./queries.ts";

type TBulk = { filter: TAlarmFilter; comment?: string; actor: TActor };

// The ids are read first and changed in one statement: the update re-checks each alarm's status,
// so an alarm acknowledged or resolved meanwhile by someone else is left as it is.
async function matchingIds(db: TDb, filter: TAlarmFilter, status: Prisma.AlarmWhereInput["status"]): Promise<number[]> {
  const rows = await db.alarm.findMany({ where: { AND: [alarmWhere(filter), { status }] }, select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.id);
}

/** Acknowledges every active alarm the filter matches, on every page: the desk's "acknowledge all of these". */
export async function acknowledgeMatching(db: TDb, { filter, comment, actor }: TBulk): Promise<{ count: number }> {
  const { changed } = await acknowledgeAlarms(db, { ids: await matchingIds(db, filter, "ACTIVE"), comment, actor });
  return { count: changed.length };
}

/** Resolves every unresolved alarm the filter matches. */
export async function resolveMatching(db: TDb, { filter, comment, actor }: TBulk): Promise<{ count: number }> {
  const { changed } = await resolveAlarms(db, { ids: await matchingIds(db, filter, { not: "RESOLVED" }), comment, actor });
  return { count: changed.length };
}
