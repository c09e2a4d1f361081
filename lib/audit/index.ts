export { audit, listAudit, type TAuditActor } from "./audit-log.ts";
