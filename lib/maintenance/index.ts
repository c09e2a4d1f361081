export { createBackup, type TBackupResult } from "./backup.ts";
export { pruneBackups } from "./backup-files.ts";
export { databaseName } from "./libpq-env.ts";
export { findPgTools, parseToolVersion, pgToolsFor, type TPgTools, type TToolSearch } from "./pg-tools.ts";
export { restoreBackup, type TRestoreResult } from "./restore.ts";
export { liveNodeNames, tableRowCounts } from "./table-counts.ts";
