import type { z } from "zod";
import { queueName, type TConn } from "../cluster/index.ts";
import { configReport } from "./definitions/config-report.ts";
import { inadsTest } from "./definitions/inads-test.ts";
import { manualCommand } from "./definitions/manual-command.ts";
import { noopProbe } from "./definitions/noop-probe.ts";
import { pagerDial } from "./definitions/pager-dial.ts";
import { postAlarmCommands } from "./definitions/post-alarm-commands.ts";
import type { TJobDefinition } from "./job-definition.ts";

/** Every job kind, in one place. Adding a kind here is all it takes to route and enqueue it. */
export const JOBS = {
  [noopProbe.id]: noopProbe,
  [inadsTest.id]: inadsTest,
  [postAlarmCommands.id]: postAlarmCommands,
  [configReport.id]: configReport,
  [pagerDial.id]: pagerDial,
  [manualCommand.id]: manualCommand,
} as const;

type TJobs = typeof JOBS;
type TConnsOf<K extends keyof TJobs> = TJobs[K]["conns"][number];
/** Queue name → payload input type, e.g. `"task.pager-dial.modem"`; "task.pager-dial.ip" is not a key. */
export type TQueuePayloads = { [K in keyof TJobs as `${K & string}.${TConnsOf<K> & string}`]: z.input<TJobs[K]["payload"]> };
export type TQueueName = keyof TQueuePayloads & string;

// biome-ignore lint/suspicious/noExplicitAny: registry entries have heterogeneous payload types
export type TAnyJob = TJobDefinition<any, TConn>;

export type TQueueEntry = { queue: string; conn: TConn; job: TAnyJob };

/** All queues of all job kinds. */
export function allQueues(): TQueueEntry[] {
  return Object.values(JOBS).flatMap((job) =>
    (job.conns as readonly TConn[]).map((conn) => ({ queue: queueName(job.id, conn), conn, job: job as TAnyJob })),
  );
}

export function queueEntry(queue: string): TQueueEntry | undefined {
  return allQueues().find((q) => q.queue === queue);
}
