export {
  G3_ALARMS_ENTRY,
  polledRowToAlarm,
  reconcileAlarms,
  rowsFromVarbinds,
  severityOfAlarmType,
  type TPolledAlarm,
} from "./alarm-table.ts";
export { pollDueSystems, systemsDueForPoll, type TPollRound } from "./poll-due.ts";
export { POLL_NOTE, pollSystem, type TPollOutcome, type TPolledSystem } from "./poll-system.ts";
export { type TSnmpTarget, walkAlarmTable } from "./snmp-walk.ts";
