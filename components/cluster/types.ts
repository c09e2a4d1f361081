import type { TNodeRoles, TNodeView, TPortCounts } from "../../lib/cluster/index.ts";

/** What the Cluster components show; the page maps the API's answer onto these (dates arrive as strings). */
export type TRoles = TNodeRoles;
export type { TPortCounts };
export type TPort = TNodeView["ports"][number];
export type TNode = {
  id: number;
  name: string;
  host: string;
  version: string;
  uptimeMs: number;
  heartbeatAgeMs: number;
  state: "ONLINE" | "DRAINING" | "OFFLINE";
  primary: boolean;
  roles: TRoles;
  ports: TPort[];
  portCounts: TPortCounts;
};
export type TEvent = { id: number; at: string | Date; kind: string; nodeName: string | null; message: string };

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
