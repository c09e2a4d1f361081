import { parentPort, workerData } from "node:worker_threads";
import type { ReceiverUser } from "net-snmp";
import type { TIngestItem } from "../../lib/alarms/ingest.ts";
import type { TRejectInput } from "../../lib/alarms/rejected-intake.ts";
import type { TSnmpDirectory, TSnmpSystem } from "../../lib/alarms/snmp/index.ts";
import { logger, setLogLevel } from "../../lib/log/index.ts";
import { startSnmpListener, type TSnmpListenerStats } from "./snmp-listener.ts";

/** A directory as it crosses the thread boundary (Maps as entry lists). */
export type TDirectoryWire = { byProductId: [string, TSnmpSystem][]; productIdByAddress: [string, string][]; users: ReceiverUser[] };

export function directoryToWire(d: TSnmpDirectory): TDirectoryWire {
  return { byProductId: [...d.byProductId], productIdByAddress: [...d.productIdByAddress], users: d.users };
}
export type TToThread = { type: "directory"; directory: TDirectoryWire } | { type: "stop" };
export type TFromThread =
  | { type: "ready"; port: number }
  | { type: "failed"; error: string }
  | { type: "batch"; items: TIngestItem[]; rejects: TRejectInput[]; stats: TSnmpListenerStats }
  | { type: "stopped"; stats: TSnmpListenerStats };

export type TThreadData = {
  entry: string;
  port: number;
  host: string;
  nodeName: string;
  logLevel: "debug" | "info" | "warn" | "error";
  directory: TDirectoryWire;
};

export function directoryFromWire(w: TDirectoryWire): TSnmpDirectory {
  return { byProductId: new Map(w.byProductId), productIdByAddress: new Map(w.productIdByAddress), users: w.users, problems: [] };
}

// The trap socket lives on its own thread so that database work on the main thread (Prisma,
// JSON, GC) never delays reading it: a kernel buffer that overflows loses traps silently.
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const data = workerData as TThreadData;
  setLogLevel(data.logLevel);
  const log = logger(`intake ${data.nodeName} snmp`);
  let directory = directoryFromWire(data.directory);
  let items: TIngestItem[] = [];
  let rejects: TRejectInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  const post = (msg: TFromThread) => port.postMessage(msg);
  let postedPackets = -1;
  const flush = () => {
    timer = undefined;
    if (!items.length && !rejects.length && listener.stats().packets === postedPackets) return;
    postedPackets = listener.stats().packets;
    post({ type: "batch", items, rejects, stats: listener.stats() });
    items = [];
    rejects = [];
  };
  const soon = () => {
    if (items.length + rejects.length >= 500) flush();
    else timer ??= setTimeout(flush, 1);
  };
  const sink = {
    enqueue(item: TIngestItem) {
      items.push(item);
      soon();
      return true;
    },
    reject(r: TRejectInput) {
      rejects.push(r);
      soon();
      return true;
    },
  };
  let listener: Awaited<ReturnType<typeof startSnmpListener>>;
  try {
    listener = await startSnmpListener({ port: data.port, host: data.host, queue: sink, directory: () => directory, log });
  } catch (e) {
    post({ type: "failed", error: e instanceof Error ? e.message : String(e) });
    return;
  }
  listener.setUsers(directory.users);
  // Packets that yield nothing (v3 discovery) still show in the counters.
  const tick = setInterval(() => timer ?? flush(), 100);
  port.on("message", async (msg: TToThread) => {
    if (msg.type === "directory") {
      directory = directoryFromWire(msg.directory);
      listener.setUsers(directory.users);
    } else {
      clearInterval(tick);
      await listener.stop();
      flush();
      post({ type: "stopped", stats: listener.stats() });
      port.close();
    }
  });
  post({ type: "ready", port: listener.port });
}

await main();
