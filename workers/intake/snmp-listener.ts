import dgram, { type RemoteInfo, type Socket } from "node:dgram";
import { EventEmitter } from "node:events";
import { Ber, BerReader } from "asn1-ber";
import snmp, { type Pdu, type Receiver, type ReceiverCallback, type ReceiverUser } from "net-snmp";
import type { TIntakeQueue } from "../../lib/alarms/intake-queue.ts";
import { decodeTrap, type TSnmpDirectory, trapFromPdu, v3UserName } from "../../lib/alarms/snmp/index.ts";
import type { TLogger } from "../../lib/log/index.ts";

export type TSnmpListenerOptions = {
  port: number;
  host: string;
  /** Where decoded items and rejects go: the intake queue, or a thread's message port. */
  queue: Pick<TIntakeQueue, "enqueue" | "reject">;
  directory: () => TSnmpDirectory;
  log: TLogger;
  /** Kernel receive buffer: absorbs bursts while the event loop is busy. */
  recvBufferBytes?: number;
};

export type TSnmpListenerStats = { packets: number; accepted: number; rejected: number };

export type TSnmpListener = {
  port: number;
  setUsers(users: ReceiverUser[]): void;
  stats(): TSnmpListenerStats;
  stop(): Promise<void>;
};

/**
 * SNMP version from the message header (SEQUENCE { INTEGER version, ... }) read with asn1-ber,
 * the BER reader net-snmp itself uses, without decoding the rest: it picks the receiver.
 */
export function peekSnmpVersion(buf: Buffer): number | null {
  try {
    const msg = new BerReader(buf);
    // 0x30: SEQUENCE, constructed (asn1-ber's Ber.Sequence is the bare tag number 0x10).
    if (msg.readSequence() !== 0x30) return null;
    const version = msg.readInt(Ber.Integer);
    return Number.isInteger(version) && version >= 0 && version <= 3 ? version : null;
  } catch {
    return null;
  }
}

// net-snmp's receivers parse, authenticate and answer informs; the socket is ours (port 0, buffer
// size, raw bytes for rejects, one port for two receivers), so they are handed a socket that never binds.
// net-snmp documents no way to give a Receiver datagrams read elsewhere (`createReceiver` binds its
// own sockets; `dgramModule` is documented for sessions only), so datagrams are fed through
// `Receiver.prototype.onMsg`, the method its own Listener calls for each message; the intake
// tests (v1, v2c, v3 authPriv informs, wrong keys) hold it to that contract on upgrades.
const detachedDgram = {
  createSocket: () =>
    Object.assign(new EventEmitter(), {
      bind() {},
      close(cb?: () => void) {
        cb?.();
      },
      address: () => ({}),
    }),
};

/**
 * The trap listener: one UDP socket; v1/v2c go to a receiver that accepts any community (the
 * community is checked per system after decoding, since it depends on the product ID), v3 to a
 * receiver that knows the systems' USM users and answers INFORMs and engine discovery.
 */
export async function startSnmpListener(opts: TSnmpListenerOptions): Promise<TSnmpListener> {
  const { queue, log } = opts;
  const stats: TSnmpListenerStats = { packets: 0, accepted: 0, rejected: 0 };
  let current: { buffer: Buffer; rinfo: RemoteInfo; version: number; handled?: boolean } | undefined;

  const reject = (reason: string, remote: string, raw: Buffer) => {
    stats.rejected += 1;
    queue.reject({ source: "SNMP", remote, reason, raw });
  };

  const onTrap = (pdu: Pdu, rinfo: RemoteInfo, version: number, raw: Buffer) => {
    const remote = `${rinfo.address}:${rinfo.port}`;
    const trap = trapFromPdu(pdu, { version, community: pdu.community, user: pdu.user, remote, receivedAt: new Date() });
    if ("error" in trap) return reject(trap.error, remote, raw);
    const dir = opts.directory();
    const decoded = decodeTrap(trap, { productIdByAddress: (a) => dir.productIdByAddress.get(a) });
    if (!decoded.ok) return reject(decoded.reason, remote, raw);
    const system = decoded.productId ? dir.byProductId.get(decoded.productId) : undefined;
    if (system && trap.version !== "v3" && system.community && system.community !== trap.community) {
      return reject(`community does not match system ${system.productId}`, remote, raw);
    }
    // A system set up with only an SNMPv3 user has no community that could vouch for a v1/v2c trap.
    if (system && trap.version !== "v3" && !system.community && system.v3User) {
      return reject(`system ${system.productId} accepts SNMPv3 only (user ${system.v3User})`, remote, raw);
    }
    if (system && trap.version === "v3" && system.v3User && system.v3User !== trap.user) {
      return reject(`SNMPv3 user ${trap.user || "(none)"} is not the user of system ${system.productId}`, remote, raw);
    }
    stats.accepted += 1;
    queue.enqueue(decoded.item);
  };

  const callback: ReceiverCallback = (error, data) => {
    const c = current;
    if (!c) return;
    c.handled = true;
    if (error) {
      const inner = error.error ? `: ${error.error.message}` : "";
      return reject(`${error.message}${inner}`.slice(0, 300), `${c.rinfo.address}:${c.rinfo.port}`, c.buffer);
    }
    if (data) onTrap(data.pdu, c.rinfo, c.version, c.buffer);
  };

  // net-snmp answers an unknown user's inform with a report and calls back nothing; discovery
  // probes (empty user name) are part of every v3 exchange and are not rejects.
  const recordUnknownUser = (buffer: Buffer, rinfo: RemoteInfo) => {
    const user = v3UserName(buffer);
    if (!user) return;
    const known = [...opts.directory().byProductId.values()].some((s) => s.v3User === user);
    if (!known) reject(`unknown SNMPv3 user ${user}`, `${rinfo.address}:${rinfo.port}`, buffer);
  };

  const common = { includeAuthentication: true, dgramModule: detachedDgram, port: 1 };
  const communityReceiver = snmp.createReceiver({ ...common, disableAuthorization: true }, callback);
  const v3Receiver = snmp.createReceiver({ ...common, disableAuthorization: false }, callback);

  const socket: Socket = dgram.createSocket({
    type: opts.host.includes(":") ? "udp6" : "udp4",
    recvBufferSize: opts.recvBufferBytes ?? 8 * 1024 * 1024,
  });
  socket.on("error", (e) => log.error("SNMP socket error", { error: e }));
  socket.on("message", (buffer, rinfo) => {
    stats.packets += 1;
    const version = peekSnmpVersion(buffer);
    const receiver: Receiver | undefined = version === 3 ? v3Receiver : version === 0 || version === 1 ? communityReceiver : undefined;
    if (!receiver || version == null) return reject("not an SNMP message", `${rinfo.address}:${rinfo.port}`, buffer);
    current = { buffer, rinfo, version };
    try {
      receiver.onMsg(socket, buffer, rinfo);
      if (version === 3 && !current.handled) recordUnknownUser(buffer, rinfo);
    } catch (e) {
      reject(`listener error: ${String(e)}`.slice(0, 300), `${rinfo.address}:${rinfo.port}`, buffer);
    } finally {
      current = undefined;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(opts.port, opts.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  const port = socket.address().port;
  log.info("SNMP trap listener ready", { host: opts.host, port, recvBuffer: socket.getRecvBufferSize() });

  return {
    port,
    setUsers(users) {
      const auth = v3Receiver.getAuthorizer();
      const wanted = new Set(users.map((u) => u.name));
      for (const u of [...auth.getUsers()]) if (!wanted.has(u.name)) auth.deleteUser(u.name);
      for (const u of users) auth.addUser(u);
    },
    stats: () => ({ ...stats }),
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
