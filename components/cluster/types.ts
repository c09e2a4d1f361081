import type { TApiOutputs } from "@/lib/api/api-types.ts";

/** What the Cluster components show, exactly as the cluster router returns it (superjson: dates are Dates). */
export type TClusterView = TApiOutputs["cluster"]["list"];
export type TNode = TClusterView["nodes"][number];
export type TRoles = TNode["roles"];
export type TPort = TNode["ports"][number];
export type TPortCounts = TClusterView["pool"];
export type TEvent = TApiOutputs["cluster"]["events"][number];

export const ROLE_GROUPS: { title: string; items: { key: keyof TRoles; label: string }[] }[] = [
  {
    title: "Primary controller",
    items: [
      { key: "primaryPreferred", label: "Preferred primary" },
      { key: "primaryEligible", label: "Primary eligible" },
    ],
  },
  {
    title: "Maintenance routines (run by the primary)",
    items: [
      { key: "autoAlarmReporting", label: "Auto alarm reporting" },
      { key: "autoArchiving", label: "Auto archiving" },
      { key: "autoBackups", label: "Auto backups" },
    ],
  },
  {
    title: "Allowed server tasks",
    items: [
      { key: "taskInadsTest", label: "INADS link tests" },
      { key: "taskPostAlarmCommands", label: "Run commands after alarms" },
      { key: "taskConfigReports", label: "Configuration reports" },
      { key: "taskPagerDial", label: "Pager outdialing" },
    ],
  },
  {
    title: "Allowed connection types",
    items: [
      { key: "connModem", label: "Standard modem" },
      { key: "connRasPpp", label: "RAS/PPP" },
      { key: "connDirectIp", label: "Direct IP" },
    ],
  },
];
