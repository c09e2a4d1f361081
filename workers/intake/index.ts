import { createIntakeQueue, type TIntakeQueue, type TIntakeQueueOptions, type TIntakeStats } from "../../lib/alarms/intake-queue.ts";
import { loadSnmpDirectory, type TSnmpDirectory } from "../../lib/alarms/snmp/index.ts";
import { dataDir, type TEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import { logger } from "../../lib/log/index.ts";
import { loadSecretKey } from "../../lib/secrets/index.ts";
import { startSnmpListener, type TSnmpListenerStats } from "./snmp-listener.ts";

/** `snmpPort` is null when the trap port could not be bound (logged): the node keeps its other intake. */
export type TIntake = {
  queue: TIntakeQueue;
  snmpPort: number | null;
  stats(): { queue: TIntakeStats; snmp: TSnmpListenerStats | null };
  refresh(): Promise<void>;
  stop(): Promise<void>;
};

export type TStartIntakeOptions = {
  env: Pick<TEnv, "SNMP_TRAP_PORT" | "SNMP_TRAP_HOST" | "KLAXON_SECRET_KEY" | "KLAXON_DATA_DIR">;
  db: TDb;
  nodeName: string;
  /** How often the systems' communities and v3 users are re-read. */
  refreshMs?: number;
  queue?: Omit<TIntakeQueueOptions, "db" | "nodeName">;
};

/**
 * Starts the node's alarm intake: the batch writer every listener feeds, and the SNMP trap
 * listener. Other listeners (INADS modem ports) take `queue` from the result.
 */
export async function startIntake({ env, db, nodeName, refreshMs = 10_000, queue: queueOpts }: TStartIntakeOptions): Promise<TIntake> {
  const log = logger(`intake ${nodeName}`);
  const key = loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env as TEnv) });
  const queue = createIntakeQueue({ db, nodeName, log, ...queueOpts });

  let directory: TSnmpDirectory = await loadSnmpDirectory(db, key);
  // A taken or privileged trap port must not take the node's other work down with it.
  const listener = await startSnmpListener({
    port: env.SNMP_TRAP_PORT,
    host: env.SNMP_TRAP_HOST,
    queue,
    directory: () => directory,
    log,
  }).catch((e) => {
    log.error("SNMP trap listener NOT started: traps to this node are lost", { port: env.SNMP_TRAP_PORT, error: String(e) });
    return null;
  });
  let lastProblems = "";
  const refresh = async () => {
    directory = await loadSnmpDirectory(db, key);
    listener?.setUsers(directory.users);
    const problems = directory.problems.join("; ");
    if (problems && problems !== lastProblems) log.warn("SNMP settings problems", { problems: directory.problems });
    lastProblems = problems;
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((e) => log.warn("could not refresh SNMP settings", { error: String(e) }));
  }, refreshMs);
  timer.unref();

  return {
    queue,
    snmpPort: listener?.port ?? null,
    stats: () => ({ queue: queue.stats(), snmp: listener?.stats() ?? null }),
    refresh,
    async stop() {
      clearInterval(timer);
      await listener?.stop();
      await queue.stop();
      log.info("intake stopped", { ...queue.stats(), ...listener?.stats() });
    },
  };
}
