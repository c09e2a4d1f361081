export * from "./alarm-input.ts";
export { altAlarmTypeOf, forgetAltAlarmTypes } from "./alt-alarm-type.ts";
export { dedupKeyOf } from "./dedup-key.ts";
export { ALARM_FIELD_MAX, CUT_MARKER, cutField, isProductId } from "./field-rules.ts";
export { ingest, ingestWithin, type TIngestContext, type TIngestItem, type TIngestResult } from "./ingest.ts";
export { acknowledgeAlarms, resolveAlarms, type TActor } from "./lifecycle.ts";
export { acknowledgeMatching, resolveMatching } from "./bulk.ts";
export { ZBoardPeriod, ZBoardView, ZSavedViewInput, deleteSavedView, listSavedViews, saveView, type TBoardView } from "./saved-views.ts";
export { ALARM_CHANNEL } from "./live-channel.ts";
export {
  ZAlarmFilter,
  ZAlarmListInput,
  ZAlarmSort,
  listAlarms,
  getAlarm,
  alarmStats,
  alarmTrend,
  alarmWhere,
  type TAlarmFilter,
} from "./queries.ts";
export { subscribeAlarmChanges } from "./live-feed.ts";
export { csvCell, csvHeader, csvRows } from "./csv.ts";
export { createIntakeQueue, type TIntakeQueue, type TIntakeQueueOptions, type TIntakeStats } from "./intake-queue.ts";
export { createShardedIntakeQueue } from "./sharded-intake-queue.ts";
export { listRejects, recordRejects, type TRejectInput } from "./rejected-intake.ts";
export * from "./snmp/index.ts";
