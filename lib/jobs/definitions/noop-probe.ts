import { z } from "zod";
import { defineJob } from "../job-definition.ts";

/**
 * A real job with no side effect outside the cluster's own tables: it proves routing (which
 * node, which port) and holds its port for `holdMs`. Used by the cluster tests and benchmark.
 */
export const noopProbe = defineJob({
  id: "task.noop-probe",
  payload: z.object({ tag: z.string().min(1).max(200), holdMs: z.number().int().min(0).max(600_000).default(0) }),
  task: null,
  conns: ["modem", "ras", "ip"],
  queue: { retryLimit: 5, retryDelay: 0, expireInSeconds: 30 },
  async handler({ tag, holdMs }, { db, nodeName, port, conn, jobId }) {
    if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
    await db.clusterEvent.create({
      data: {
        kind: "probe",
        nodeName,
        message: `probe ${tag} ran on ${nodeName} via ${conn}${port ? ` port ${port.device}` : ""} job ${jobId}`,
      },
    });
  },
});
