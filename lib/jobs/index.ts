export { enqueue, ensureQueues } from "./enqueue.ts";
export { defineJob, type TJobContext, type TJobDefinition } from "./job-definition.ts";
export { allQueues, JOBS, queueEntry, type TQueueEntry, type TQueueName, type TQueuePayloads } from "./registry.ts";
