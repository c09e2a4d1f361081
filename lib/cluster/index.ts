export { registerNode, heartbeat, heartbeatAgeMs, markOffline, sweepOfflineNodes, type TNodeIdentity } from "./node-registry.ts";
export {
  acquireOrRenewLease,
  releaseLease,
  currentPrimary,
  leaseRemainingMs,
  type TLease,
  type TLeaseAttempt,
} from "./primary-lease.ts";
export { ensureClusterSql, isFenceRefusal, FENCE_SQLSTATE } from "./fencing-sql.ts";
export { recordSingletonAction, StaleEpochError } from "./singleton-action.ts";
export { recordClusterEvent, listClusterEvents, type TClusterEventKind } from "./cluster-events.ts";
export { ZNodeRoles, ROLE_KEYS, heartbeatAndReadSelf, type TNodeRoles, type TNodeSelf } from "./node-roles.ts";
export { drainNode, resumeNode, removeNode, setNodeRoles, type TActor } from "./node-admin.ts";
export { addModemPort, updateModemPort, removeModemPort, ZModemPortInput, type TModemPortInput } from "./modem-port-admin.ts";
export { listNodes, clusterWarnings, type TNodeView, type TClusterView, type TNodeState } from "./cluster-view.ts";
export { claimDialoutPort, releaseDialoutPort, idleDialoutPorts, modemPoolSummary, type TClaimedPort, type TPortCounts } from "./modem-pool.ts";
export { CONNECTIONS, CONN_NAMES, TASKS, TASK_NAMES, allows, queueName, type TConn, type TTask } from "./work-routing.ts";
