import { dataDir, loadEnv } from "../../config/index.ts";
import type { TDb } from "../../db/index.ts";
import { decryptSecret, loadSecretKey } from "../../secrets/index.ts";
import type { TDialOutHandle } from "../modem-port.ts";
import { checkHostKey } from "./host-keys.ts";
import { dialModem } from "./modem-transport.ts";
import { pppUnavailableReason, startPppLink, type TPppLink } from "./ppp-link.ts";
import { SatError } from "./sat-error.ts";
import { SatSession, type TSatResult } from "./sat-session.ts";
import type { TOssiRequest } from "./ossi-codec.ts";
import { acquireSatLease } from "./session-lease.ts";
import { openSsh, SSH_DEFAULT_PORT } from "./ssh-transport.ts";
import { openTelnet, TELNET_DEFAULT_PORT } from "./telnet-transport.ts";
import { Transcript } from "./transcript.ts";
import { DEFAULT_TIMEOUTS, type TSatTimeouts, type TSatTransport } from "./transport.ts";

export type TSatConn = "modem" | "ras" | "ip";

export type TSatSessionOptions = {
  /** How to reach it; default: from the system's connection type (MODEM → modem, RAS_PPP → ras, DIRECT_IP → ip). */
  conn?: TSatConn;
  /** The dial-out port for modem and ras (a job's `ctx.line`). The call is hung up at the end; releasing the port stays with the lender. */
  line?: () => Promise<TDialOutHandle>;
  /** Key for the system's encrypted passwords; default: the node's (KLAXON_SECRET_KEY or the data dir's key). */
  secretKey?: Buffer;
  /** Who holds the session, shown when another one must wait ("node-a task 17"). */
  holder?: string;
  timeouts?: Partial<TSatTimeouts>;
  /** Every piece of the transcript as it happens (secrets already removed). */
  onTranscript?: (chunk: string) => void;
  /** Sessions allowed at once to this system, cluster-wide (default 1). */
  maxSessions?: number;
  /** PPP on this node: pppd and /dev/ppp paths (tests), baud rate of the tty. */
  ppp?: { pppdPath?: string; devPpp?: string; baudRate?: number };
};

/** What a task's body gets: a logged-in OSSI session. */
export type TSat = {
  /** Runs one command; `e` lines come back in `errors` (ok: false), only a failed session throws. */
  run(command: string | TOssiRequest, opts?: { timeoutMs?: number }): Promise<TSatResult>;
  /** The transcript so far (secrets removed). */
  transcript(): string;
  /** "telnet 10.1.2.3:5023", "ssh craft@10.1.2.3:5022", "modem /dev/ttyS0 → 5551234", … */
  readonly via: string;
  /** The modem device for modem and ras connections. */
  readonly port: string | null;
};

type TSystemRow = Awaited<ReturnType<typeof loadSystem>>;

function loadSystem(db: TDb, id: number) {
  return db.system.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      connectionType: true,
      satProtocol: true,
      ipAddress: true,
      ipPort: true,
      dialNumber: true,
      satLogin: true,
      satPasswordEnc: true,
      terminalType: true,
      pppUser: true,
      pppPasswordEnc: true,
    },
  });
}

const connOf = (t: "MODEM" | "RAS_PPP" | "DIRECT_IP"): TSatConn => (t === "MODEM" ? "modem" : t === "RAS_PPP" ? "ras" : "ip");

function nodeSecretKey(): Buffer {
  const env = loadEnv();
  return loadSecretKey({ secretKey: env.KLAXON_SECRET_KEY, dataDir: dataDir(env) });
}

function decrypt(key: Buffer, enc: string | null, what: string): string {
  if (!enc) return "";
  try {
    return decryptSecret(key, enc);
  } catch (e) {
    throw new SatError("CONFIG", `the ${what} cannot be decrypted with this node's key (KLAXON_SECRET_KEY differs between nodes?)`, null, {
      cause: e,
    });
  }
}

/**
 * Opens a SAT session to a system, runs `body` with it, logs off and closes, whatever happens.
 * See index.ts for the contract.
 */
export async function withSatSession<T>(
  db: TDb,
  system: number | { id: number },
  opts: TSatSessionOptions,
  body: (sat: TSat) => Promise<T>,
): Promise<T> {
  const id = typeof system === "number" ? system : system.id;
  const row = await loadSystem(db, id);
  if (!row) throw new SatError("CONFIG", `no system ${id}`);
  const key = opts.secretKey ?? nodeSecretKey();
  const password = decrypt(key, row.satPasswordEnc, "SAT password");
  const pppPassword = decrypt(key, row.pppPasswordEnc, "PPP password");
  const transcript = new Transcript([password, pppPassword], opts.onTranscript);
  const timeouts: TSatTimeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const conn = opts.conn ?? connOf(row.connectionType);
  const cleanups: (() => Promise<void>)[] = [];
  let session: SatSession | null = null;
  let inBody = false;
  // After a timeout or nonsense the system is in an unknown state: close rather than wait out a logoff.
  let skipLogoff = false;
  try {
    check(row, conn, opts);
    transcript.note(`SAT session to ${row.name} over ${conn === "ip" ? "direct IP" : conn === "ras" ? "RAS/PPP" : "modem"}`);
    const lease = await acquireSatLease(db, {
      systemId: row.id,
      holder: opts.holder ?? loadEnv().NODE_NAME,
      slots: opts.maxSessions ?? 1,
      waitMs: timeouts.lock,
    });
    cleanups.push(() => lease.release());
    const { transport, port } = await connect(db, row, conn, { ...opts, timeouts, transcript, password, pppPassword, cleanups });
    cleanups.push(() => transport.close());
    transcript.note(`connected: ${transport.label}`);
    const sat = new SatSession(
      transport,
      { user: row.satLogin ?? "", password, terminalType: row.terminalType || "ossi4" },
      timeouts,
      transcript,
    );
    session = sat;
    await sat.login();
    inBody = true;
    return await body({
      run: (command, o) => sat.run(command, o),
      transcript: () => transcript.toString(),
      via: transport.label,
      port,
    });
  } catch (e) {
    // The body's own errors pass through as they are; session failures carry the transcript.
    if (inBody && !(e instanceof SatError)) throw e;
    const err = asSatError(e, transcript);
    skipLogoff = err.code === "TIMEOUT" || err.code === "PROTOCOL";
    if (skipLogoff && session?.isOpen) transcript.note("no logoff: the system is not answering sensibly; closing the connection");
    err.transcript = transcript.toString();
    throw err;
  } finally {
    if (!skipLogoff) await session?.logoff();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

function check(row: NonNullable<TSystemRow>, conn: TSatConn, opts: TSatSessionOptions): void {
  if (!row.satLogin) throw new SatError("CONFIG", `${row.name} has no SAT login`);
  if (conn === "ip" && !row.ipAddress) throw new SatError("CONFIG", `${row.name} has no IP address`);
  if (conn !== "ip" && !row.dialNumber) throw new SatError("CONFIG", `${row.name} has no modem number`);
  if (conn !== "ip" && !opts.line) throw new SatError("NO_LINE", `a ${conn === "ras" ? "RAS/PPP" : "modem"} session needs a dial-out port`);
  if (conn === "ras") {
    const why = pppUnavailableReason(opts.ppp);
    if (why) throw new SatError("PPP_UNAVAILABLE", why, "ppp");
  }
}

type TConnectOpts = TSatSessionOptions & {
  timeouts: TSatTimeouts;
  transcript: Transcript;
  password: string;
  pppPassword: string;
  cleanups: (() => Promise<void>)[];
};

async function connect(
  db: TDb,
  row: NonNullable<TSystemRow>,
  conn: TSatConn,
  o: TConnectOpts,
): Promise<{ transport: TSatTransport; port: string | null }> {
  if (conn === "ip") return { transport: await openIp(db, row, row.ipAddress as string, o), port: null };
  const line = await (o.line as () => Promise<TDialOutHandle>)().catch((e: Error) => {
    throw new SatError("NO_LINE", `no modem port to dial from: ${e.message}`, "dial", { cause: e });
  });
  const number = (row.dialNumber as string).replace(/;+$/, "");
  const call = await dialModem(line, { number, timeoutMs: o.timeouts.dial, onNote: (n) => o.transcript.note(n) });
  if (conn === "modem") return { transport: call, port: line.device };
  // RAS/PPP: the call carries PPP; the SAT goes over IP to the peer pppd names.
  o.cleanups.push(() => call.close());
  const link: TPppLink = await startPppLink({
    device: line.device,
    baudRate: o.ppp?.baudRate,
    user: row.pppUser ?? row.satLogin ?? "",
    password: o.pppPassword,
    linkName: `system-${row.id}`,
    timeoutMs: o.timeouts.ppp,
    pppdPath: o.ppp?.pppdPath,
    devPpp: o.ppp?.devPpp,
    onNote: (n) => o.transcript.note(n),
  });
  o.cleanups.push(() => link.stop());
  return { transport: await openIp(db, row, link.peer, o), port: line.device };
}

function openIp(db: TDb, row: NonNullable<TSystemRow>, host: string, o: TConnectOpts): Promise<TSatTransport> {
  const onNote = (n: string) => o.transcript.note(n);
  if (row.satProtocol === "TELNET")
    return openTelnet({ host, port: row.ipPort ?? TELNET_DEFAULT_PORT, timeoutMs: o.timeouts.connect, onNote });
  return openSsh({
    host,
    port: row.ipPort ?? SSH_DEFAULT_PORT,
    user: row.satLogin ?? "",
    password: o.password,
    timeoutMs: o.timeouts.connect,
    verifyHostKey: (k) => checkHostKey(db, row.id, k),
    onNote,
  });
}

function asSatError(e: unknown, transcript: Transcript): SatError {
  if (e instanceof SatError) return e;
  const message = transcript.redact(e instanceof Error ? e.message : String(e));
  return new SatError("PROTOCOL", `SAT session failed: ${message}`, null, { cause: e });
}
