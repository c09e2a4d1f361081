import type { TDb } from "../db/index.ts";
import { isFenceRefusal } from "./fencing-sql.ts";
import { NOW_UTC } from "./sql.ts";

export class StaleEpochError extends Error {
  constructor(nodeName: string, epoch: number) {
    super(`fenced: ${nodeName} no longer holds the primary lease at epoch ${epoch}`);
    this.name = "StaleEpochError";
  }
}

/**
 * Records one primary-only action for the current time slot. The slot key is derived from the
 * database clock (kind + slot number), so whichever primary gets there first does it and the
 * second insert loses on the unique key: exactly once per slot. The fence trigger refuses the
 * insert outright when `epoch` is not the live lease's epoch held by `nodeName`.
 * Returns the slot key when this call did the action, null when the slot was already done.
 */
export async function recordSingletonAction(
  db: TDb,
  { kind, nodeName, epoch, slotMs, detail }: { kind: string; nodeName: string; epoch: number; slotMs: number; detail?: string },
): Promise<string | null> {
  try {
    const rows = await db.$queryRawUnsafe<{ slotKey: string }[]>(
      `INSERT INTO "SingletonAction" (kind, "slotKey", "nodeName", epoch, at, detail)
       VALUES ($1, $1 || ':' || floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 / $4::float8)::bigint::text,
               $2, $3, ${NOW_UTC}, $5)
       ON CONFLICT ("slotKey") DO NOTHING RETURNING "slotKey"`,
      kind,
      nodeName,
      epoch,
      slotMs,
      detail ?? null,
    );
    return rows[0]?.slotKey ?? null;
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(nodeName, epoch);
    throw e;
  }
}
