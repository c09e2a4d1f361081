export { JOBS, allQueues, queueEntry, type TQueueName, type TQueuePayloads, type TQueueEntry } from "./registry.ts";
export { enqueue, ensureQueues } from "./enqueue.ts";
export { defineJob, type TJobDefinition, type TJobContext } from "./job-definition.ts";
