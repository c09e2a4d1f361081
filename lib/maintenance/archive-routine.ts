import { archiveResolvedAlarms, purgeArchivedAlarms } from "./archive.ts";
import { formatMs } from "./format.ts";
import type { TRoutine } from "./runner.ts";
import { routineSetting } from "./settings.ts";

/** The ARCHIVE routine: resolved alarms older than afterDays into the archive, then the optional purge. */
export const archiveRoutine: TRoutine = async (ctx) => {
  const { settings } = await routineSetting(ctx.db, "ARCHIVE");
  const guard = { nodeName: ctx.nodeName, epoch: ctx.epoch };
  const moved = await archiveResolvedAlarms(ctx.db, { afterDays: settings.afterDays, guard, signal: ctx.signal });
  const purge = settings.purgeAfterMonths
    ? await purgeArchivedAlarms(ctx.db, { months: settings.purgeAfterMonths, guard, signal: ctx.signal })
    : null;
  const purged = purge ? `; purged ${purge.purged} archived alarms older than ${settings.purgeAfterMonths} months` : "";
  return {
    status: "PASSED",
    detail: `archived ${moved.archived} resolved alarms older than ${settings.afterDays} days in ${moved.batches} batches (${formatMs(moved.durationMs)})${purged}`,
    result: {
      archived: moved.archived,
      batches: moved.batches,
      purged: purge?.purged ?? 0,
      durationMs: moved.durationMs + (purge?.durationMs ?? 0),
    },
  };
};
