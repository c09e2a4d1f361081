import type { TDb } from "../db/index.ts";
import { maintenanceWarnings } from "./maintenance-warnings.ts";
import { notifyWarnings } from "./notify-warnings.ts";
import { emptyCounts, modemPoolSummary, type TPortCounts } from "./modem-pool.ts";
import { pickRoles, type TNodeRoles } from "./node-roles.ts";
import { currentPrimary } from "./primary-lease.ts";
import { NOW_UTC } from "./sql.ts";
import { waitingWorkWarnings } from "./waiting-work.ts";
import { allows, CONN_NAMES, CONNECTIONS, TASK_NAMES, TASKS } from "./work-routing.ts";

export type TNodeState = "ONLINE" | "DRAINING" | "OFFLINE";

export type TNodeView = {
  id: number;
  name: string;
  host: string;
  url: string | null;
  version: string;
  startedAt: Date;
  uptimeMs: number;
  heartbeatAgeMs: number;
  /** Derived: a node whose heartbeat is older than the offline threshold is OFFLINE whatever its row says. */
  state: TNodeState;
  primary: boolean;
  roles: TNodeRoles;
  ports: {
    id: number;
    device: string;
    purpose: "ANSWER" | "DIALOUT" | "BOTH";
    status: string;
    enabled: boolean;
    lastError: string | null;
  }[];
  portCounts: TPortCounts;
};

export type TClusterView = {
  nodes: TNodeView[];
  primary: { name: string; epoch: number } | null;
  pool: TPortCounts;
  warnings: string[];
};

export async function listNodes(db: TDb, { offlineMs }: { offlineMs: number }): Promise<TClusterView> {
  const [rows, ports, primary, pool] = await Promise.all([
    db.$queryRawUnsafe<
      {
        id: number;
        name: string;
        host: string;
        url: string | null;
        version: string;
        startedAt: Date;
        state: TNodeState;
        age: number;
        up: number;
      }[]
    >(
      `SELECT id, name, host, url, version, "startedAt", state::text AS state,
         (EXTRACT(EPOCH FROM (${NOW_UTC} - "heartbeatAt")) * 1000)::float8 AS age,
         (EXTRACT(EPOCH FROM (${NOW_UTC} - "startedAt")) * 1000)::float8 AS up
       FROM "ClusterNode" ORDER BY name`,
    ),
    db.modemPort.findMany({ orderBy: [{ nodeId: "asc" }, { device: "asc" }] }),
    currentPrimary(db),
    modemPoolSummary(db),
  ]);
  const roles = await db.nodeRole.findMany();
  const roleByNode = new Map(roles.map((r) => [r.nodeId, pickRoles(r)]));
  const nodes: TNodeView[] = rows.map((r) => {
    const age = Number(r.age);
    const offline = age > offlineMs;
    return {
      id: r.id,
      name: r.name,
      host: r.host,
      url: r.url,
      version: r.version,
      startedAt: r.startedAt,
      uptimeMs: offline ? 0 : Number(r.up),
      heartbeatAgeMs: Math.round(age),
      state: offline ? "OFFLINE" : r.state,
      primary: primary?.holderName === r.name,
      roles: roleByNode.get(r.id) ?? defaultRolesOff(),
      ports: ports
        .filter((p) => p.nodeId === r.id)
        .map((p) => ({
          id: p.id,
          device: p.device,
          purpose: p.purpose,
          // A dead node's ports carry no calls, whatever their row last said.
          status: offline ? "OFFLINE" : p.status,
          enabled: p.enabled,
          lastError: p.lastError,
        })),
      portCounts: pool.perNode.get(r.id) ?? emptyCounts(),
    };
  });
  return {
    nodes,
    primary: primary?.holderName ? { name: primary.holderName, epoch: primary.epoch } : null,
    pool: pool.total,
    warnings: [
      ...clusterWarnings(nodes, primary != null),
      ...(await waitingWorkWarnings(db, nodes)),
      ...(await maintenanceWarnings(db)),
      ...(await notifyWarnings(db, nodes)),
    ],
  };
}

function defaultRolesOff(): TNodeRoles {
  return pickRoles({} as TNodeRoles);
}

/** What the Cluster page warns about: work no live node can do, and no possible primary. */
export function clusterWarnings(nodes: Pick<TNodeView, "state" | "roles" | "name">[], hasPrimary: boolean): string[] {
  const live = nodes.filter((n) => n.state === "ONLINE");
  const warnings: string[] = [];
  if (live.length === 0) return ["No node is online."];
  if (!live.some((n) => n.roles.primaryEligible))
    warnings.push("No live node is primary-eligible: dispatch, SNMP manager and maintenance are stopped.");
  else if (!hasPrimary) warnings.push("No node holds the primary lease right now.");
  for (const conn of CONN_NAMES) {
    if (!live.some((n) => n.roles[CONNECTIONS[conn].role]))
      warnings.push(`No live node allows connection type ${CONNECTIONS[conn].label}.`);
  }
  for (const task of TASK_NAMES) {
    const def = TASKS[task];
    if (!live.some((n) => def.conns.some((c) => allows(n.roles, task, c)))) {
      warnings.push(`No live node can do ${def.label}.`);
      continue;
    }
    for (const conn of def.conns) {
      if (!live.some((n) => allows(n.roles, task, conn)))
        warnings.push(`No live node can do ${def.label} over ${CONNECTIONS[conn].label}.`);
    }
  }
  return warnings;
}
