import { afterAll, beforeAll } from "vitest";
import type { PortPurpose, TDb } from "../../lib/db/index.ts";
import { startModemPorts, type TModemPorts, type TModemPortsOptions } from "../../workers/modem/port-manager.ts";
import type { TModemOptions } from "../sim/hayes-modem.ts";
import { modemOnPty, type TPtyModem } from "../sim/modem-on-pty.ts";
import { PhoneNetwork } from "../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../sim/pty-pair.ts";
import type { TTestDb } from "./db-fixture.ts";

/** Polls `cond` until it holds; a DB row changing state has no event to await. */
export const until = async (what: string, cond: () => Promise<boolean> | boolean, ms = 15_000, everyMs = 25) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

export type TModemRigOptions = {
  /** The ClusterNode the port belongs to, and the name the port manager runs as. */
  nodeName: string;
  /** The number the simulated modem answers to. */
  number: string;
  network?: { ringIntervalMs?: number; connectDelayMs?: number };
  guardMs?: number;
  modemProfile?: TModemOptions["profile"];
  /** S7 (how long a dial waits for an answer) and S8 (a `,` pause) of the simulated modem. */
  modemTimings?: Pick<TModemOptions, "waitCarrierMs" | "commaMs">;
  port: { purpose: PortPurpose; baudRate?: number; initString?: string };
  manager: Omit<TModemPortsOptions, "db" | "nodeName" | "guardMs">;
  /** Rows the file needs (systems, customers), created after the node and before the port opens. */
  seed?: (db: TDb) => Promise<unknown>;
  /** How long the port may take to reach IDLE before the first test. */
  readyTimeoutMs?: number;
};

export type TModemRig = {
  network: PhoneNetwork;
  pty: TPtyPair;
  modem: TPtyModem;
  ports: TModemPorts;
  portId: number;
  portRow(): ReturnType<TDb["modemPort"]["findUniqueOrThrow"]>;
  idle(): Promise<void>;
};

/**
 * serialport ↔ PTY ↔ simulated Hayes modem ↔ phone network, with a ModemPort row and the port
 * manager running on it, IDLE before the first test; torn down after the file.
 */
export function useModemRig(t: TTestDb, opts: TModemRigOptions): TModemRig {
  const network = new PhoneNetwork({ ringIntervalMs: 150, connectDelayMs: 30, ...opts.network });
  const guardMs = opts.guardMs ?? 100;
  const rig = {
    network,
    portRow: () => t.db.modemPort.findUniqueOrThrow({ where: { id: rig.portId } }),
    idle: () => until("port IDLE", async () => (await rig.portRow()).status === "IDLE"),
  } as TModemRig;

  beforeAll(async () => {
    const node = await t.db.clusterNode.create({ data: { name: opts.nodeName, host: "localhost", version: "test" } });
    await opts.seed?.(t.db);
    rig.pty = await openPtyPair();
    rig.modem = await modemOnPty(rig.pty.modem, {
      network,
      number: opts.number,
      guardMs,
      profile: opts.modemProfile,
      ...opts.modemTimings,
    });
    rig.portId = (await t.db.modemPort.create({ data: { nodeId: node.id, device: rig.pty.dte, ...opts.port } })).id;
    rig.ports = startModemPorts({ db: t.db, nodeName: opts.nodeName, guardMs, ...opts.manager });
    await until("port IDLE", async () => (await rig.portRow()).status === "IDLE", opts.readyTimeoutMs);
  });

  afterAll(async () => {
    await rig.ports?.stop();
    await rig.modem?.close();
    await rig.pty?.stop();
  });

  return rig;
}
