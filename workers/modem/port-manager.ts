import type { TDb } from "../../lib/db/index.ts";
import { modemsReadiness, type TIntakeReadiness } from "../../lib/health/index.ts";
import { logger } from "../../lib/log/index.ts";
import {
  ModemPortRuntime,
  openSerialPort,
  type TDialOutHandle,
  type TModemPortConfig,
  type TModemPortOptions,
  type TPortStatus,
} from "../../lib/connect/modem-port.ts";
import { recordRejects, type TRejectInput } from "../../lib/alarms/index.ts";
import { unknownAlarmCallToIntake } from "../../lib/alarms/inads/index.ts";
import { digitsOf, phoneNumbersMatch } from "../../lib/connect/hayes/caller-id.ts";
import { receiveInadsCall, type TReject, type TUnknownCall } from "./inads-call.ts";
import { directIngestSink, type TIntakeSink } from "./intake-sink.ts";

export type TModemPortsOptions = {
  db: TDb;
  nodeName: string;
  /** Where alarms go; default: `ingest` directly (see intake-sink.ts). */
  enqueue?: TIntakeSink;
  /**
   * Where refused calls and records go: the node's intake queue (`queue.reject`: cleaned,
   * trimmed, rate-limited per port like every other intake reject). Default: written directly.
   */
  reject?: (r: TRejectInput) => void;
  reconcileMs?: number;
  probeIntervalMs?: number;
  guardMs?: number;
  callIdleTimeoutMs?: number;
  answerTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  openSerial?: TModemPortOptions["openSerial"];
};

export type TModemPorts = {
  stop(): Promise<void>;
  /** Claims an idle DIALOUT/BOTH port of this node (IDLE → BUSY in the table) and lends it. */
  acquireDialOutPort(): Promise<TDialOutHandle | null>;
  /** Lends a port a job already claimed with `claimDialoutPort` (lib/cluster/modem-pool). */
  borrowClaimedPort(portId: number): Promise<TDialOutHandle | null>;
  statuses(): { id: number; device: string; status: TPortStatus }[];
  /** Answering ports for /api/health: starting until the first reconcile and every port opened. */
  readiness(): TIntakeReadiness["modems"];
  /** Runs one reconcile pass now (tests, admin edits that want an immediate effect). */
  reconcile(): Promise<void>;
};

const sameConfig = (a: TModemPortConfig, b: TModemPortConfig) =>
  a.device === b.device && a.baudRate === b.baudRate && a.initString === b.initString && a.purpose === b.purpose;

/**
 * Keeps one `ModemPortRuntime` per enabled ModemPort row of this node, reconciled every couple
 * of seconds so an admin's edits take effect live, and keeps the rows' status, lastProbeAt and
 * lastError true. Answered calls run the INADS receiver.
 */
export function startModemPorts(opts: TModemPortsOptions): TModemPorts {
  const { db, nodeName } = opts;
  const log = logger(`modem-ports ${nodeName}`);
  const sink = opts.enqueue ?? directIngestSink(db, nodeName);
  const runtimes = new Map<number, ModemPortRuntime>();
  const knownProducts = new Map<string, { known: boolean; at: number }>();
  let stopped = false;
  let reconciled = false;
  let running: Promise<void> = Promise.resolve();

  const portOpts: TModemPortOptions = {
    probeIntervalMs: opts.probeIntervalMs ?? 30_000,
    guardMs: opts.guardMs ?? 1000,
    answerTimeoutMs: opts.answerTimeoutMs ?? 60_000,
    backoffMinMs: opts.backoffMinMs ?? 1000,
    backoffMaxMs: opts.backoffMaxMs ?? 30_000,
    openSerial: opts.openSerial ?? openSerialPort,
  };

  const isKnownProduct = async (productId: string) => {
    const hit = knownProducts.get(productId);
    if (hit && Date.now() - hit.at < 10_000) return hit.known;
    const known = (await db.system.count({ where: { productId } })) > 0;
    knownProducts.set(productId, { known, at: Date.now() });
    return known;
  };

  const rejectOne = opts.reject;
  const reject = async (rejects: TReject[], device: string) => {
    if (rejects.length === 0) return;
    const inputs = rejects.map((r): TRejectInput => ({ source: "INADS", remote: device, reason: r.reason, raw: r.raw }));
    if (rejectOne) for (const r of inputs) rejectOne(r);
    else await recordRejects(db, inputs, { nodeName, keep: 10_000 });
  };

  /** The system whose dial number is this calling number (exact digits first, else one unique suffix match). */
  const systemByNumber = async (number: string) => {
    const digits = digitsOf(number);
    const candidates = await db.$queryRawUnsafe<{ id: number; name: string; productId: string; dialNumber: string }[]>(
      `SELECT id, name, "productId", "dialNumber" FROM "System"
       WHERE "dialNumber" IS NOT NULL AND right(regexp_replace("dialNumber", '\\D', '', 'g'), 7) = right($1, 7)`,
      digits,
    );
    const exact = candidates.filter((c) => digitsOf(c.dialNumber) === digits);
    const matches = exact.length > 0 ? exact : candidates.filter((c) => phoneNumbersMatch(digits, c.dialNumber));
    return { system: matches.length === 1 ? matches[0] : undefined, ambiguous: matches.length > 1 ? matches : [] };
  };

  const unknownCall = async (call: TUnknownCall, device: string) => {
    const how = call.outcome === "dropped" ? "carrier lost" : call.outcome === "timeout" ? "line went silent" : "caller ended it";
    const what = `${call.garbage + call.naks > 0 ? `only unreadable data (${call.garbage} noise, ${call.naks} refused)` : "no record"}, ${how}`;
    const raw = JSON.stringify(call);
    const number = call.callerId?.number;
    if (!number) {
      const shown = call.callerId?.numberText ? ` (caller ID ${call.callerId.numberText})` : call.callerId ? "" : " (no caller ID)";
      await reject([{ reason: `unknown alarm call from an unknown number${shown}: sent ${what}`, raw }], device);
      return;
    }
    const { system, ambiguous } = await systemByNumber(number);
    if (!system) {
      const why = ambiguous.length
        ? `several systems have this dial number (${ambiguous.map((s) => s.name).join(", ")})`
        : "no system has this dial number";
      await reject([{ reason: `unknown alarm call from ${number}: sent ${what}; ${why}`, raw }], device);
      return;
    }
    await sink([unknownAlarmCallToIntake(system.productId, { callingNumber: number, ...call })]);
    await reject(
      [{ reason: `unknown alarm call from ${number} (${system.name}, product ID ${system.productId}): sent ${what}; alarm raised`, raw }],
      device,
    );
  };

  const startRuntime = (config: TModemPortConfig) => {
    const id = config.id;
    const rt = new ModemPortRuntime(
      config,
      {
        onStatus: async (status, error) => {
          await db.$executeRawUnsafe(
            `UPDATE "ModemPort" SET status = $2::"PortStatus", "lastError" = COALESCE($3, "lastError") WHERE id = $1`,
            id,
            status,
            error,
          );
        },
        onProbe: async (ok) => {
          // A port a dial-out job has claimed stays BUSY; a good probe clears an old fault.
          await db.$executeRawUnsafe(
            ok
              ? `UPDATE "ModemPort" SET "lastProbeAt" = (now() AT TIME ZONE 'UTC'),
                   status = CASE WHEN status = 'BUSY' THEN status ELSE 'IDLE'::"PortStatus" END WHERE id = $1`
              : `UPDATE "ModemPort" SET "lastProbeAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1`,
            id,
          );
        },
        claim: async () =>
          (await db.$executeRawUnsafe(`UPDATE "ModemPort" SET status = 'BUSY' WHERE id = $1 AND status = 'IDLE'`, id)) === 1,
        release: async () => {
          await db.$executeRawUnsafe(`UPDATE "ModemPort" SET status = 'IDLE' WHERE id = $1 AND status = 'BUSY'`, id);
        },
        onCall: async (line) => {
          const summary = await receiveInadsCall(line, {
            store: sink,
            reject: (r) => reject(r, config.device),
            isKnownProduct,
            unknownCall: (c) => unknownCall(c, config.device),
            idleTimeoutMs: opts.callIdleTimeoutMs ?? 30_000,
          });
          log.info(`INADS call on ${config.device}: ${summary.outcome}`, summary);
        },
      },
      portOpts,
    );
    runtimes.set(id, rt);
    rt.start();
  };

  const reconcileOnce = async () => {
    const node = await db.clusterNode.findUnique({ where: { name: nodeName }, select: { id: true } });
    if (!node) return;
    const rows = await db.modemPort.findMany({ where: { nodeId: node.id } });
    const wanted = new Map<number, TModemPortConfig>();
    for (const r of rows)
      if (r.enabled) wanted.set(r.id, { id: r.id, device: r.device, baudRate: r.baudRate, initString: r.initString, purpose: r.purpose });
    for (const [id, rt] of runtimes) {
      const want = wanted.get(id);
      if (want && sameConfig(want, rt.config)) continue;
      runtimes.delete(id);
      await rt.stop();
      if (!want) await db.modemPort.updateMany({ where: { id }, data: { status: "OFFLINE" } });
    }
    for (const r of rows)
      if (!r.enabled && r.status !== "OFFLINE") await db.modemPort.update({ where: { id: r.id }, data: { status: "OFFLINE" } });
    for (const [id, config] of wanted) if (!runtimes.has(id)) startRuntime(config);
    reconciled = true;
  };

  const reconcile = () => {
    running = running.then(() => (stopped ? undefined : reconcileOnce())).catch((e) => log.warn("reconcile failed", { error: e }));
    return running;
  };
  const timer = setInterval(() => void reconcile(), opts.reconcileMs ?? 2000);
  void reconcile();

  const lend = async (id: number) => {
    const rt = runtimes.get(id);
    return rt ? rt.borrow() : null;
  };

  return {
    reconcile,
    statuses: () => [...runtimes.values()].map((rt) => ({ id: rt.config.id, device: rt.config.device, status: rt.status })),
    readiness: () => (reconciled ? modemsReadiness([...runtimes.values()].filter((rt) => rt.config.purpose !== "DIALOUT")) : "starting"),
    async acquireDialOutPort() {
      for (const rt of runtimes.values()) {
        if (!rt.canDialOut) continue;
        const claimed = await db.$executeRawUnsafe(
          `UPDATE "ModemPort" SET status = 'BUSY' WHERE id = $1 AND status = 'IDLE'`,
          rt.config.id,
        );
        if (claimed === 1) return lend(rt.config.id);
      }
      return null;
    },
    borrowClaimedPort: lend,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...runtimes.values()].map((rt) => rt.stop()));
      runtimes.clear();
    },
  };
}
