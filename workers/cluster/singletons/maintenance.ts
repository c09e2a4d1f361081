import type { TSingleton, TSingletonDeps } from "./types.ts";

/** PLACEHOLDERS until the maintenance routines land (issue 9), except the pruning of old action rows. */
export function maintenanceSingletons({ db, env, membership }: TSingletonDeps): TSingleton[] {
  const roles = () => membership.self().roles;
  return [
    {
      kind: "maintenance.alarm-report",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoAlarmReporting,
      detail: "placeholder: scheduled alarm reports not implemented in this release",
    },
    {
      kind: "maintenance.archive",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoArchiving,
      detail: "pruned singleton action records older than a day (alarm archiving not implemented in this release)",
      after: async () => {
        await db.$executeRawUnsafe(`DELETE FROM "SingletonAction" WHERE at < (now() AT TIME ZONE 'UTC') - interval '1 day'`);
      },
    },
    {
      kind: "maintenance.backup",
      slotMs: env.MAINTENANCE_SLOT_MS,
      enabled: () => roles().autoBackups,
      detail: "placeholder: backups not implemented in this release",
    },
  ];
}
