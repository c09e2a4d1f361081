export {
  createAlarmReport,
  deleteAlarmReport,
  getAlarmReport,
  listAlarmReports,
  updateAlarmReport,
  ZAlarmReportFilter,
  ZAlarmReportFrequency,
  ZAlarmReportInput,
} from "./alarm-report/definitions.ts";
export { listReportSends, reportSendBody } from "./alarm-report/history.ts";
export { alarmReportRoutine } from "./alarm-report-routine.ts";
export { archiveResolvedAlarms, purgeArchivedAlarms } from "./archive.ts";
export { archiveRoutine } from "./archive-routine.ts";
export { createBackup, type TBackupResult } from "./backup.ts";
export { pruneBackups } from "./backup-files.ts";
export { backupRoutine } from "./backup-routine.ts";
export { ROUTINE_LABEL, ROUTINE_ROLE } from "./labels.ts";
export { databaseName } from "./libpq-env.ts";
export { findPgTools, parseToolVersion, pgToolsFor, type TPgTools, type TToolSearch } from "./pg-tools.ts";
export { awaitRunEnd, requestRunNow } from "./requests.ts";
export { restoreBackup, type TRestoreResult } from "./restore.ts";
export { maintenanceTick, type TRoutine, type TRoutineContext, type TRoutineDeps, type TRoutineOutcome } from "./runner.ts";
export { getRun, listRuns, type TRunStatus, type TRunView } from "./runs.ts";
export { currentWindow, DAILY_WINDOW_MS, formatSchedule, nextWindowStart, parseSchedule, type TSchedule, ZSchedule } from "./schedule.ts";
export {
  listRoutines,
  MAINTENANCE_KINDS,
  routineSetting,
  type TMaintenanceKind,
  updateRoutine,
  ZArchiveSettings,
  ZBackupSettings,
  ZMaintenanceKind,
  ZMaintenanceUpdate,
} from "./settings.ts";
export { liveNodeNames, tableRowCounts } from "./table-counts.ts";
