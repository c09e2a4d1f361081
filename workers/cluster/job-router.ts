import type PgBoss from "pg-boss";
import { allows, claimDialoutPort, idleDialoutPorts, releaseDialoutPort, type TClaimedPort } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDialOutHandle } from "../../lib/connect/modem-port.ts";
import type { TDb } from "../../lib/db/index.ts";
import { allQueues, ensureQueues, type TQueueEntry } from "../../lib/jobs/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import type { TMembership } from "./membership.ts";

type TFetched = { id: string; data: unknown };

/**
 * Claims jobs from exactly the queues this node's role row allows, re-reading the row every
 * poll, so a role change or drain takes effect within a poll (running jobs finish).
 * Our own fetch loop rather than boss.work(): modem queues need a capacity that changes with
 * every call (idle dial-out ports), and a port must be claimed for each job before it runs.
 */
export async function startJobRouter({
  db,
  boss,
  env,
  nodeName,
  membership,
  log,
  lendPort,
}: {
  db: TDb;
  boss: PgBoss;
  env: TEnv;
  nodeName: string;
  membership: TMembership;
  log: TLogger;
  /** This node's modem port runtime: lends the modem of a port a job has claimed. */
  lendPort?: (portId: number) => Promise<TDialOutHandle | null>;
}): Promise<{ stop(): Promise<void> }> {
  await ensureQueues(boss);
  const queues = allQueues();
  let inflight = 0;
  let stopped = false;
  let current = "";
  const running = new Set<Promise<void>>();

  const desired = (): TQueueEntry[] => {
    const self = membership.self();
    if (self.state !== "ONLINE") return [];
    return queues.filter((q) => allows(self.roles, q.job.task, q.conn));
  };

  const run = (entry: TQueueEntry, job: TFetched, port: TClaimedPort | null) => {
    inflight++;
    const borrowed: { line: Promise<TDialOutHandle> | null } = { line: null };
    const line = () => {
      borrowed.line ??= (async () => {
        if (!port) throw new Error(`${entry.queue} has no modem port`);
        const handle = await lendPort?.(port.id);
        if (!handle) throw new Error(`modem port ${port.device} could not be lent (its runtime is not running)`);
        return handle;
      })();
      return borrowed.line;
    };
    const p = (async () => {
      try {
        const payload = entry.job.payload.parse(job.data);
        await entry.job.handler(payload, { db, nodeName, conn: entry.conn, port, line, jobId: job.id, queue: entry.queue });
        await boss.complete(entry.queue, job.id);
      } catch (e) {
        log.warn(`job ${entry.queue} ${job.id} failed`, { error: e });
        await boss.fail(entry.queue, job.id, { message: e instanceof Error ? e.message : String(e) }).catch(() => {});
      } finally {
        await borrowed.line?.then((h) => h.release()).catch(() => {});
        if (port) await releaseDialoutPort(db, port.id).catch(() => {});
        inflight--;
      }
    })();
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  const pollGeneral = async (list: TQueueEntry[]) => {
    for (const entry of list) {
      const room = env.JOB_CONCURRENCY - inflight;
      if (room <= 0 || stopped) return;
      const jobs = (await boss.fetch(entry.queue, { batchSize: room })) as TFetched[];
      for (const job of jobs) run(entry, job, null);
    }
  };

  // Concurrency for modem and RAS queues = idle dial-out ports, recounted before every fetch.
  const pollModem = async (list: TQueueEntry[]) => {
    for (const entry of list) {
      const idle = await idleDialoutPorts(db, membership.self().id);
      if (idle <= 0 || stopped) return;
      const jobs = (await boss.fetch(entry.queue, { batchSize: idle })) as TFetched[];
      for (const job of jobs) {
        const port = await claimDialoutPort(db, membership.self().id);
        if (port) {
          run(entry, job, port);
          continue;
        }
        // The port went busy (an incoming call) between count and claim: hand the job back.
        await boss.fail(entry.queue, job.id, { message: "no idle dial-out port on this node" }).catch(() => {});
      }
    }
  };

  const poll = async () => {
    if (stopped) return;
    try {
      const list = desired();
      const names = list.map((q) => q.queue).join(",");
      if (names !== current) {
        log.info(`claiming queues: ${names || "(none)"}`);
        current = names;
      }
      // RAS/PPP dials first, so it needs a dial-out port like a modem job.
      await pollGeneral(list.filter((q) => q.conn === "ip"));
      await pollModem(list.filter((q) => q.conn !== "ip"));
    } catch (e) {
      log.warn("job poll failed", { error: String(e) });
    } finally {
      if (!stopped) timer = setTimeout(poll, env.JOB_POLL_MS);
    }
  };
  let timer: NodeJS.Timeout = setTimeout(poll, 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
