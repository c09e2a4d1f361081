import type { TNodeRoles } from "./node-roles.ts";

/*
 * Queue names encode what a worker must be allowed to do: `<job>.<connection>`, e.g.
 * `task.inads-test.modem`. A node subscribes to exactly the queues its role row allows.
 */

export const CONNECTIONS = {
  modem: { role: "connModem", label: "standard modem" },
  ras: { role: "connRasPpp", label: "RAS/PPP" },
  ip: { role: "connDirectIp", label: "direct IP" },
} as const satisfies Record<string, { role: keyof TNodeRoles; label: string }>;
export type TConn = keyof typeof CONNECTIONS;
export const CONN_NAMES = Object.keys(CONNECTIONS) as TConn[];

/** Server tasks a role row can allow; a job names the one it needs (or none, for probes). */
export const TASKS = {
  "inads-test": { role: "taskInadsTest", label: "INADS link tests", conns: ["modem", "ras", "ip"] },
  "post-alarm-commands": { role: "taskPostAlarmCommands", label: "run commands after alarms", conns: ["modem", "ras", "ip"] },
  "config-report": { role: "taskConfigReports", label: "configuration reports", conns: ["modem", "ras", "ip"] },
  "pager-dial": { role: "taskPagerDial", label: "pager outdialing", conns: ["modem"] },
} as const satisfies Record<string, { role: keyof TNodeRoles; label: string; conns: readonly TConn[] }>;
export type TTask = keyof typeof TASKS;
export const TASK_NAMES = Object.keys(TASKS) as TTask[];

export type TRoutable = { queue: string; task: TTask | null; conn: TConn };

/** Whether a node with these roles may take jobs of this task (null = no task role needed) over this connection. */
export function allows(roles: TNodeRoles, task: TTask | null, conn: TConn): boolean {
  if (!roles[CONNECTIONS[conn].role]) return false;
  return task === null || roles[TASKS[task].role];
}

export function queueName(jobId: string, conn: TConn): string {
  return `${jobId}.${conn}`;
}
