import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { ZAlarmSource, ZAlarmStatus, ZSeverity } from "./alarm-input.ts";
import { ZAlarmSort } from "./queries.ts";

/** A relative window is kept as such, so "majors today" means today whenever the view is opened. */
export const ZBoardPeriod = z.enum(["1h", "24h", "today", "7d"]);

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "expected a local date and time, e.g. 2026-01-31T08:00")
  .optional();

/** What the board's URL holds: its filter, sort and density; a saved view stores the same. */
export const ZBoardView = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.array(ZAlarmStatus).max(3).optional(),
  severity: z.array(ZSeverity).max(5).optional(),
  source: ZAlarmSource.optional(),
  systemId: ZId.optional(),
  customerId: ZId.optional(),
  period: ZBoardPeriod.optional(),
  from: localDateTime,
  to: localDateTime,
  sort: ZAlarmSort.optional(),
});
export type TBoardView = z.infer<typeof ZBoardView>;

export const ZSavedViewInput = z.object({ name: z.string().trim().min(1).max(60), view: ZBoardView });

const SELECT = { id: true, name: true, view: true, createdAt: true } as const;

// Views belong to a person; an API token has no board to keep them for.
function userId(principal: { kind: string; id: number }): number {
  if (principal.kind !== "user") throw new AppError("FORBIDDEN", "saved views belong to users, not API tokens");
  return principal.id;
}

const parse = (row: { id: number; name: string; view: unknown; createdAt: Date }) => ({ ...row, view: ZBoardView.parse(row.view) });

export async function listSavedViews(db: TDb, { principal }: { principal: { kind: string; id: number } }) {
  const rows = await db.savedView.findMany({ where: { userId: userId(principal) }, orderBy: { name: "asc" }, select: SELECT });
  return rows.map(parse);
}

/** Saving under an existing name replaces that view. */
export async function saveView(
  db: TDb,
  { principal, input }: { principal: { kind: string; id: number }; input: z.infer<typeof ZSavedViewInput> },
) {
  const owner = userId(principal);
  const row = await db.savedView.upsert({
    where: { userId_name: { userId: owner, name: input.name } },
    create: { userId: owner, name: input.name, view: input.view },
    update: { view: input.view },
    select: SELECT,
  });
  return parse(row);
}

export async function deleteSavedView(db: TDb, { principal, id }: { principal: { kind: string; id: number }; id: number }) {
  const { count } = await db.savedView.deleteMany({ where: { id, userId: userId(principal) } });
  if (count === 0) throw new AppError("NOT_FOUND", `no saved view ${id}`);
  return { id };
}
