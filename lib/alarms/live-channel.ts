/** Postgres NOTIFY channel on which every change to alarms is announced, cluster-wide. */
export const ALARM_CHANNEL = "klaxon_alarms";
