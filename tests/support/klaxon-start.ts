import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import path from "node:path";
import { freePort } from "./cluster-harness.ts";
import { waitFor } from "./wait-for.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type TKlaxonStart = {
  child: ChildProcess;
  port: number;
  trapPort: number;
  /** stdout + stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** GET /api/health: status code and body (throws while nothing listens). */
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Polls /api/health until it answers 200 (the README's readiness check). */
  ready(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Signals the supervisor only (its children follow through their IPC lifeline). */
  kill(signal?: NodeJS.Signals): void;
  /** Signals the whole process group at once: supervisor, web and worker (a crash of the machine's view). */
  killGroup(signal?: NodeJS.Signals): void;
};

/** A free UDP port on the loopback (bound, then released). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", () => resolve()));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** `node workers/klaxon.mjs start`, the way the README starts a node, with its own ports unless given. */
export async function klaxonStart(env: Record<string, string>): Promise<TKlaxonStart> {
  const port = Number(env.PORT ?? (await freePort()));
  const trapPort = Number(env.SNMP_TRAP_PORT ?? (await freeUdpPort()));
  const child = spawn(process.execPath, ["workers/klaxon.mjs", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SNMP_TRAP_HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...env,
      PORT: String(port),
      SNMP_TRAP_PORT: String(trapPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  child.stdout?.on("data", (b: Buffer) => {
    text += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    text += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const health = async () => {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return {
    child,
    port,
    trapPort,
    output: () => text,
    exited,
    health,
    ready: async (timeoutMs = 120_000) => {
      const got = await waitFor(
        async () => {
          if (child.exitCode != null) return { exited: child.exitCode };
          const h = await health();
          return h.status === 200 ? { body: h.body } : undefined;
        },
        timeoutMs,
        100,
      ).catch((e) => {
        throw new Error(`${e instanceof Error ? e.message : e}; output:\n${text.slice(-3000)}`);
      });
      if ("exited" in got) throw new Error(`node exited (${got.exited}) before it was ready; output:\n${text.slice(-3000)}`);
      return got.body;
    },
    kill: (signal = "SIGKILL") => {
      if (child.exitCode == null && child.signalCode == null) child.kill(signal);
    },
    killGroup: (signal = "SIGKILL") => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {}
    },
  };
}
