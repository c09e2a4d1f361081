/** Postgres NOTIFY channel: a task run changed (payload: its id). The Tasks and system pages follow it. */
export const TASK_CHANNEL = "klaxon_tasks";
