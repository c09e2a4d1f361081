import type PgBoss from "pg-boss";
import { allows, claimDialoutPort, idleDialoutPorts, releaseDialoutPort, type TClaimedPort } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDialOutHandle } from "../../lib/connect/modem-port.ts";
import type { TDb } from "../../lib/db/index.ts";
import { allQueues, ensureQueues, type TQueueEntry } from "../../lib/jobs/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import type { TMembership } from "./membership.ts";
import { returnJob, routingOf, type TRouting } from "./return-job.ts";

type TFetched = { id: string; data: unknown; retryCount?: number; retryLimit?: number; output?: unknown };

/** How often a job may be handed back without a run before it runs (or fails) where it is. */
const MAX_HAND_BACKS = 3;
const HAND_BACK_DELAY_MS = 2000;
/** How long a node with only failed ports stands back from a retry so that another node can take it. */
const HOLD_OFF_MS = 3000;

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
    const routing = routingOf(job.output);
    const borrowed: { line: Promise<TDialOutHandle> | null; failed: boolean } = { line: null, failed: false };
    const line = () => {
      borrowed.line ??= (async () => {
        if (!port) throw new Error(`${entry.queue} has no modem port`);
        const handle = await lendPort?.(port.id);
        if (handle) return handle;
        borrowed.failed = true;
        throw new Error(`modem port ${port.device} could not be lent (its runtime is not running)`);
      })();
      return borrowed.line;
    };
    const attempt = { number: (job.retryCount ?? 0) + 1, of: (job.retryLimit ?? 0) + 1 };
    const p = (async () => {
      try {
        const payload = entry.job.payload.parse(job.data);
        await entry.job.handler(payload, { db, nodeName, conn: entry.conn, port, line, jobId: job.id, queue: entry.queue, attempt });
        await boss.complete(entry.queue, job.id);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (borrowed.failed && routing.handBacks < MAX_HAND_BACKS) {
          // The job never got its modem: not its fault, so no retry is spent.
          log.warn(`job ${entry.queue} ${job.id} handed back: ${message}`);
          await returnJob(db, entry.queue, job.id, { ...routing, handBacks: routing.handBacks + 1 }, HAND_BACK_DELAY_MS).catch((err) =>
            log.warn("hand-back failed", { error: err }),
          );
          return;
        }
        log.warn(`job ${entry.queue} ${job.id} failed`, { error: e });
        const tried = port ? [...routing.triedPorts, `${nodeName}:${port.device}`] : routing.triedPorts;
        const output: TRouting = { ...routing, triedPorts: tried, message };
        await boss.fail(entry.queue, job.id, output).catch(() => {});
      } finally {
        await borrowed.line?.then((h) => h.release()).catch(() => {});
        if (port) await releaseDialoutPort(db, port.id).catch(() => {});
        inflight--;
        // The freed port or slot takes the next waiting job now, not at the next poll.
        pollSoon();
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

  // Concurrency for modem and RAS queues = idle dial-out ports, recounted before every fetch. A
  // retried job prefers a port of this node it has not failed on; when only such ports are idle
  // here, this node stands back for HOLD_OFF_MS (handing the job back each time it fetches it)
  // so that another node with an idle port takes it, and runs it itself after that.
  const pollModem = async (list: TQueueEntry[]) => {
    for (const entry of list) {
      const idle = await idleDialoutPorts(db, membership.self().id);
      if (idle <= 0 || stopped) return;
      const jobs = (await boss.fetch(entry.queue, { batchSize: idle, includeMetadata: true })) as TFetched[];
      for (const job of jobs) {
        const routing = routingOf(job.output);
        const handBack = (next: TRouting, delayMs: number) =>
          returnJob(db, entry.queue, job.id, next, delayMs).catch((e) => log.warn("hand-back failed", { error: e }));
        const standingBack = routing.holdOff?.node === nodeName;
        if (standingBack && Date.now() < (routing.holdOff?.until ?? 0)) {
          await handBack(routing, 0);
          continue;
        }
        const mine = `${nodeName}:`;
        const avoid = routing.triedPorts.filter((p) => p.startsWith(mine)).map((p) => p.slice(mine.length));
        const port = await claimDialoutPort(db, membership.self().id, avoid);
        if (port && (!avoid.includes(port.device) || standingBack || routing.handBacks >= MAX_HAND_BACKS)) {
          run(entry, job, port);
          continue;
        }
        if (port) {
          await releaseDialoutPort(db, port.id);
          await handBack({ ...routing, handBacks: routing.handBacks + 1, holdOff: { node: nodeName, until: Date.now() + HOLD_OFF_MS } }, 0);
        } else await handBack(routing, 0); // an incoming call took the port between count and claim
      }
    }
  };

  let polling = false;
  let again = false;
  const pollSoon = () => {
    if (stopped) return;
    if (polling) again = true;
    else {
      clearTimeout(timer);
      timer = setTimeout(poll, 0);
    }
  };
  const poll = async () => {
    if (stopped || polling) return;
    polling = true;
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
      log.warn("job poll failed", { error: e });
    } finally {
      polling = false;
      if (!stopped) timer = setTimeout(poll, again ? 0 : env.JOB_POLL_MS);
      again = false;
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
