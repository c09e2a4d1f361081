import type { TNodeRoles } from "../cluster/index.ts";
import type { TMaintenanceKind } from "./settings.ts";

/** The per-node role switch (Cluster page, Edit > Server Roles) that lets a primary run each routine. */
export const ROUTINE_ROLE: Record<TMaintenanceKind, keyof TNodeRoles & ("autoAlarmReporting" | "autoArchiving" | "autoBackups")> = {
  ALARM_REPORT: "autoAlarmReporting",
  ARCHIVE: "autoArchiving",
  BACKUP: "autoBackups",
};

export const ROUTINE_LABEL: Record<TMaintenanceKind, string> = {
  ALARM_REPORT: "Alarm reporting",
  ARCHIVE: "Archiving",
  BACKUP: "Backup",
};
