import type { TConn, TTask } from "../cluster/index.ts";
import type { ConnectionType, TaskKind } from "../db/index.ts";

/** The task kinds a person or program may start with task.run. */
export const RUNNABLE_KINDS = ["CONFIG_REPORT", "INADS_TEST", "MANUAL_COMMAND"] as const;
export type TRunnableKind = (typeof RUNNABLE_KINDS)[number];

/** The SAT task kinds this module runs, their job (queue prefix) and the server task role they need (null: connection role only). */
export const SAT_TASKS = {
  INADS_TEST: { job: "task.inads-test", role: "inads-test", label: "INADS link test" },
  CONFIG_REPORT: { job: "task.config-report", role: "config-report", label: "configuration report" },
  POST_ALARM_COMMANDS: { job: "task.post-alarm-commands", role: "post-alarm-commands", label: "commands after an alarm" },
  // A person at the system's page is waiting: any node allowed the connection type may run it.
  MANUAL_COMMAND: { job: "task.manual-command", role: null, label: "command run by hand" },
} as const satisfies Partial<Record<TaskKind, { job: string; role: TTask | null; label: string }>>;
export type TSatTaskKind = keyof typeof SAT_TASKS;

const CONN_OF: Record<ConnectionType, TConn> = { MODEM: "modem", RAS_PPP: "ras", DIRECT_IP: "ip" };
const TYPE_OF: Record<TConn, ConnectionType> = { modem: "MODEM", ras: "RAS_PPP", ip: "DIRECT_IP" };

export const connOf = (t: ConnectionType): TConn => CONN_OF[t];
export const connectionTypeOf = (c: TConn): ConnectionType => TYPE_OF[c];

/** `task.inads-test.modem` for an INADS test of a modem system. */
export function queueFor(kind: TSatTaskKind, connectionType: ConnectionType): string {
  return `${SAT_TASKS[kind].job}.${connOf(connectionType)}`;
}
