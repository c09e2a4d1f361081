import { dataDir, defaultBackupDir } from "../../../lib/config/index.ts";
import {
  alarmReportRoutine,
  archiveRoutine,
  backupRoutine,
  maintenanceTick,
  ROUTINE_ROLE,
  type TMaintenanceKind,
  type TRoutine,
  type TRoutineDeps,
} from "../../../lib/maintenance/index.ts";
import { loadSecretKey } from "../../../lib/secrets/index.ts";
import type { TSingleton, TSingletonDeps } from "./types.ts";

const ROUTINES: [TMaintenanceKind, string, TRoutine][] = [
  ["ALARM_REPORT", "maintenance.alarm-report", alarmReportRoutine],
  ["ARCHIVE", "maintenance.archive", archiveRoutine],
  ["BACKUP", "maintenance.backup", backupRoutine],
];

/**
 * The maintenance routines (lib/maintenance): every MAINTENANCE_SLOT_MS the primary looks, per
 * routine, for runs cut short, "run now" requests and an open window (maintenanceTick). Each is
 * switched per node by its role (autoAlarmReporting, autoArchiving, autoBackups). A fifth loop
 * prunes the singletons' own action records.
 */
export function maintenanceSingletons({ db, env, nodeName, membership, log }: TSingletonDeps): TSingleton[] {
  const roles = () => membership.self().roles;
  let key: Buffer | undefined;
  const deps: TRoutineDeps = {
    db,
    databaseUrl: env.DATABASE_URL ?? "",
    nodeName,
    defaultBackupDir: defaultBackupDir(env),
    pgBinDir: env.PG_BIN_DIR,
    secretKey: () => {
      key ??= loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
      return key;
    },
    log,
  };
  return [
    ...ROUTINES.map(
      ([kind, name, routine]): TSingleton => ({
        kind: name,
        slotMs: env.MAINTENANCE_SLOT_MS,
        enabled: () => roles()[ROUTINE_ROLE[kind]],
        detail: "maintenance check: cut-short runs, run-now requests, the window",
        after: ({ epoch, signal }) => maintenanceTick({ kind, routine, deps, epoch, signal }),
      }),
    ),
    {
      kind: "maintenance.prune-actions",
      slotMs: 3_600_000,
      enabled: () => true,
      detail: "pruned singleton action records older than a day",
      after: async () => {
        await db.$executeRawUnsafe(`DELETE FROM "SingletonAction" WHERE at < (now() AT TIME ZONE 'UTC') - interval '1 day'`);
      },
    },
  ];
}
