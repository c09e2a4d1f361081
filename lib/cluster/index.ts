export { listClusterEvents, recordClusterEvent, type TClusterEventKind } from "./cluster-events.ts";
export { clusterWarnings, listNodes, type TClusterView, type TNodeState, type TNodeView } from "./cluster-view.ts";
export { ensureClusterSql, FENCE_SQLSTATE, isFenceRefusal } from "./fencing-sql.ts";
export {
  claimDialoutPort,
  idleDialoutPorts,
  modemPoolSummary,
  releaseDialoutPort,
  type TClaimedPort,
  type TPortCounts,
} from "./modem-pool.ts";
export { addModemPort, removeModemPort, type TModemPortInput, updateModemPort, ZModemPortInput } from "./modem-port-admin.ts";
export { drainNode, removeNode, resumeNode, setNodeRoles, type TActor } from "./node-admin.ts";
export {
  heartbeat,
  heartbeatAgeMs,
  markOffline,
  nodeNameHolder,
  registerNode,
  releaseNodeName,
  sweepOfflineNodes,
  type TNameHolder,
  type TNodeIdentity,
  type TRegistration,
  waitForNodeName,
} from "./node-registry.ts";
export { nameTakenMessage, newInstanceId } from "./node-name.ts";
export { heartbeatAndReadSelf, ROLE_KEYS, type TNodeRoles, type TNodeSelf, ZNodeRoles } from "./node-roles.ts";
export {
  acquireOrRenewLease,
  currentPrimary,
  leaseRemainingMs,
  releaseLease,
  type TLease,
  type TLeaseAttempt,
} from "./primary-lease.ts";
export { recordSingletonAction, StaleEpochError } from "./singleton-action.ts";
export { allows, CONN_NAMES, CONNECTIONS, queueName, TASK_NAMES, TASKS, type TConn, type TTask } from "./work-routing.ts";
