import type { TDb } from "../db/index.ts";
import type { TNodeView } from "./cluster-view.ts";
import { allows, CONNECTIONS, type TConn, TASKS, type TTask } from "./work-routing.ts";

// TaskRun kinds and the server task each needs (null: the connection role alone).
const TASK_OF: Record<string, TTask | null> = {
  INADS_TEST: "inads-test",
  CONFIG_REPORT: "config-report",
  POST_ALARM_COMMANDS: "post-alarm-commands",
  PAGER_DIAL: "pager-dial",
  MANUAL_COMMAND: null,
};
const CONN_OF: Record<string, TConn> = { MODEM: "modem", RAS_PPP: "ras", DIRECT_IP: "ip" };
const KIND_LABEL: Record<string, string> = {
  INADS_TEST: "INADS link tests",
  CONFIG_REPORT: "configuration reports",
  POST_ALARM_COMMANDS: "commands after alarms",
  PAGER_DIAL: "pager calls",
  MANUAL_COMMAND: "commands run by hand",
};

type TLive = Pick<TNodeView, "state" | "roles" | "ports">;

/** A node that may take this work now: its roles allow it, and modem work needs a dial-out port that is not offline. */
export function canTake(n: TLive, task: TTask | null, conn: TConn): boolean {
  if (n.state !== "ONLINE" || !allows(n.roles, task, conn)) return false;
  if (conn === "ip") return true;
  return n.ports.some((p) => p.enabled && p.purpose !== "ANSWER" && p.status !== "OFFLINE" && p.status !== "FAULT");
}

/** Queued task runs no live node may do: the Cluster page says so, since they wait until one can. */
export async function waitingWorkWarnings(db: TDb, nodes: TLive[]): Promise<string[]> {
  const groups = await db.$queryRawUnsafe<{ kind: string; conn: string; n: number }[]>(
    `SELECT kind::text AS kind, "connectionType"::text AS conn, count(*)::int AS n FROM "TaskRun"
     WHERE status = 'QUEUED' AND "connectionType" IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const out: string[] = [];
  for (const g of groups) {
    const task = TASK_OF[g.kind];
    const conn = CONN_OF[g.conn];
    if (task === undefined || !conn || nodes.some((n) => canTake(n, task, conn))) continue;
    const what = `${KIND_LABEL[g.kind] ?? g.kind} over ${CONNECTIONS[conn].label}`;
    const why = task ? `may do ${TASKS[task].label} over ${CONNECTIONS[conn].label}` : `allows ${CONNECTIONS[conn].label}`;
    out.push(
      `${g.n} queued task run${g.n === 1 ? "" : "s"} (${what}) wait${g.n === 1 ? "s" : ""}: no live node ${why}${conn === "ip" ? "" : " with a dial-out modem port"}.`,
    );
  }
  return out;
}
