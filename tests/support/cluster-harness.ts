import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { currentPrimary } from "../../lib/cluster/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Fast settings for tests; the failover test overrides them with the production defaults. */
export const FAST_ENV: Record<string, string> = {
  LEASE_RENEW_MS: "300",
  LEASE_TTL_MS: "1000",
  LEASE_HOLDDOWN_MS: "2000",
  HEARTBEAT_MS: "250",
  NODE_OFFLINE_MS: "1500",
  SINGLETON_TICK_MS: "200",
  MAINTENANCE_SLOT_MS: "1000",
  JOB_POLL_MS: "200",
  JOB_MAINTENANCE_S: "1",
  MODEM_PROBE_MS: "1000",
  MODEM_GUARD_MS: "50",
};

export type TNodeProc = {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout + stderr). */
  output(): string;
  /** Resolves with the first output line matching `re` written after `sinceOffset` (default: from the start). */
  waitForLog(re: RegExp, timeoutMs?: number, sinceOffset?: number): Promise<string>;
  signal(sig: NodeJS.Signals): void;
  exited: Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Real worker processes (`node --import tsx workers/node-worker.ts`) on one database. */
export class ClusterHarness {
  readonly nodes = new Map<string, TNodeProc>();

  constructor(
    private readonly databaseUrl: string,
    private readonly baseEnv: Record<string, string> = FAST_ENV,
  ) {}

  /** `fileSizeLimitBlocks`: `ulimit -f` for the node and its children, a disk that fills up after that many 512-byte blocks. */
  async start(name: string, env: Record<string, string> = {}, opts: { fileSizeLimitBlocks?: number } = {}): Promise<TNodeProc> {
    const port = await freePort();
    const argv = ["--import", "tsx", "workers/node-worker.ts"];
    const [file, args] = opts.fileSizeLimitBlocks
      ? ["/bin/sh", ["-c", `ulimit -f ${opts.fileSizeLimitBlocks}; exec "$0" "$@"`, process.execPath, ...argv]]
      : [process.execPath, argv];
    const child = spawn(file, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/root",
        NODE_ENV: "test",
        NODE_NAME: name,
        DATABASE_URL: this.databaseUrl,
        PORT: String(port),
        SNMP_TRAP_PORT: "0",
        SNMP_TRAP_HOST: "127.0.0.1",
        LOG_LEVEL: "debug",
        KLAXON_DATA_DIR: path.join(ROOT, ".data", "test-cluster"),
        ...this.baseEnv,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    const waiters = new Set<() => void>();
    const onData = (b: Buffer) => {
      text += b.toString();
      for (const w of waiters) w();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const node: TNodeProc = {
      name,
      child,
      output: () => text,
      exited,
      signal: (sig) => {
        if (child.exitCode == null && child.signalCode == null) child.kill(sig);
      },
      waitForLog: (re, timeoutMs = 20_000, sinceOffset = 0) =>
        new Promise((resolve, reject) => {
          const check = () => {
            const line = text
              .slice(sinceOffset)
              .split("\n")
              .find((l) => re.test(l));
            if (line === undefined) return false;
            cleanup();
            resolve(line);
            return true;
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`${name}: no log line matching ${re} within ${timeoutMs} ms; output:\n${text.slice(-3000)}`));
          }, timeoutMs);
          const onExit = () => {
            if (!check()) {
              cleanup();
              reject(new Error(`${name} exited before logging ${re}; output:\n${text.slice(-3000)}`));
            }
          };
          const cleanup = () => {
            clearTimeout(timer);
            waiters.delete(check);
            child.off("exit", onExit);
          };
          waiters.add(check);
          child.once("exit", onExit);
          check();
        }),
    };
    this.nodes.set(name, node);
    return node;
  }

  /** Starts a node and waits until it registered and polls its queues. */
  async startReady(name: string, env: Record<string, string> = {}, opts: { fileSizeLimitBlocks?: number } = {}): Promise<TNodeProc> {
    const node = await this.start(name, env, opts);
    await node.waitForLog(/claiming queues/, 60_000);
    return node;
  }

  get(name: string): TNodeProc {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  async kill(name: string): Promise<void> {
    const n = this.get(name);
    n.signal("SIGKILL");
    await n.exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.nodes.values()].map(async (n) => {
        n.signal("SIGCONT");
        n.signal("SIGKILL");
        await n.exited;
      }),
    );
    this.nodes.clear();
  }
}

/** Polls `probe` until it returns a truthy value (database state is the event here). */
export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

type TLeaseDb = Parameters<typeof currentPrimary>[0];

/** The live primary once it has also run a singleton action at its epoch (null otherwise). */
export async function primaryWithAction(db: TLeaseDb, notHolder?: string) {
  const lease = await currentPrimary(db);
  if (!lease?.holderName || lease.holderName === notHolder) return null;
  const acted = await db.singletonAction.count({ where: { epoch: lease.epoch, nodeName: lease.holderName, kind: "dispatcher" } });
  return acted > 0 ? lease : null;
}

/** Between tests sharing a database: no holder, no nodes. */
export async function resetCluster(db: TLeaseDb): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE "PrimaryLease" SET "holderName" = NULL, "expiresAt" = (now() AT TIME ZONE 'UTC')`);
  await db.clusterNode.deleteMany({ where: { id: { gt: 0 } } });
}
