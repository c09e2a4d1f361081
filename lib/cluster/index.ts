export { registerNode, heartbeat, heartbeatAgeMs, markOffline, type TNodeIdentity } from "./node-registry.ts";
export { acquireOrRenewLease, releaseLease, currentPrimary, type TLease } from "./primary-lease.ts";
