import { newInstanceId } from "../lib/cluster/index.ts";
import { dataDir, loadEnv } from "../lib/config/index.ts";
import { encryptLegacyCommunities } from "../lib/inventory/index.ts";
import { loadSecretKey } from "../lib/secrets/index.ts";
import { getDb } from "../lib/db/index.ts";
import { logger, setLogLevel } from "../lib/log/index.ts";
import { NodeNameTakenError } from "./cluster/membership.ts";
import { startCluster, type TClusterNode } from "./cluster/index.ts";
import { exitFatal } from "./fatal.ts";
import { startIntake, type TIntake, TrapPortError } from "./intake/index.ts";
import { queueSink } from "./modem/intake-sink.ts";
import { startModemPorts, type TModemPorts } from "./modem/port-manager.ts";
import { startReadinessReporter } from "./readiness-reporter.ts";

/**
 * The node's worker process, a short list of start/stop calls: cluster (registry, roles, lease,
 * singletons, job routing), alarm intake, modem ports. `klaxon start` supervises it.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  setLogLevel(env.LOG_LEVEL);
  const log = logger(`worker ${env.NODE_NAME}`);
  if (!env.DATABASE_URL) throw new Error("the worker needs DATABASE_URL (klaxon start provides it)");
  const db = getDb(env.DATABASE_URL);
  const nodeName = env.NODE_NAME;
  // `klaxon start` gives its web and worker processes one id; a bare worker (tests) makes its own.
  const instanceId = env.KLAXON_INSTANCE_ID ?? newInstanceId();

  let stopping = false;
  let cluster: TClusterNode | null = null;
  let intake: TIntake | null = null;
  let modemPorts: TModemPorts | null = null;
  let readiness: ReturnType<typeof startReadinessReporter> | null = null;
  const stop = async (signal: string, fatal?: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${signal})`);
    readiness?.stop();
    await modemPorts?.stop().catch((e) => log.error("modem ports stop failed", { error: e }));
    await intake?.stop().catch((e) => log.error("intake stop failed", { error: e }));
    await cluster?.stop().catch((e) => log.error("cluster stop failed", { error: e }));
    await db.$disconnect();
    if (fatal) exitFatal(log, fatal);
    else process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // The supervisor's IPC channel closed: it died (even by SIGKILL). Stop rather than keep
  // heartbeating and holding the lease for a node that no longer serves.
  process.on("disconnect", () => void stop("supervisor gone"));
  if (process.send && !process.connected) void stop("supervisor gone");

  // Cluster membership, roles, primary lease, primary-only singletons, pg-boss job routing.
  // Modem jobs borrow their claimed port from the port runtime started below.
  const lendPort = async (portId: number) => (modemPorts ? modemPorts.borrowClaimedPort(portId) : null);
  const onNameLost = (reason: string) => void stop("node name lost", reason);
  cluster = await startCluster({ env, db, nodeName, instanceId, log, lendPort, onNameLost });

  // Communities an older version stored in plaintext become secrets like the rest.
  const key = loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
  const encrypted = await encryptLegacyCommunities(db, key);
  if (encrypted) log.info(`encrypted ${encrypted} SNMP communities stored in plaintext by an older version`);

  // Alarm intake (SNMP trap listener + batch writer; INADS ports feed `intake.queue`).
  try {
    intake = await startIntake({ env, db, nodeName });
  } catch (e) {
    if (e instanceof TrapPortError) return stop("no trap port", e.message);
    throw e;
  }

  // Modem ports of this node (ModemPort rows): answer INADS alarm calls, lend ports to dial-out jobs.
  modemPorts = startModemPorts({
    db,
    nodeName,
    enqueue: queueSink(intake.queue),
    reject: (r) => void intake.queue.reject(r),
    probeIntervalMs: env.MODEM_PROBE_MS,
    guardMs: env.MODEM_GUARD_MS,
  });

  // /api/health (web process) answers 200 only once the row says every listener is ready.
  const running = { intake, modemPorts };
  readiness = startReadinessReporter({
    db,
    nodeName,
    instanceId,
    log,
    read: () => ({ snmp: running.intake.snmpState(), modems: running.modemPorts.readiness() }),
  });
  await readiness.report();
}

main().catch((e) => {
  const log = logger("worker");
  if (e instanceof NodeNameTakenError) return exitFatal(log, e.message);
  log.error("worker failed to start", { error: e });
  process.exit(1);
});
