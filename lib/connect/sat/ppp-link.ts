import { type ChildProcess, spawn as nodeSpawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SatError, type TSatErrorCode } from "./sat-error.ts";

/*
 * RAS/PPP to an S8xxx media server: after the modem call connected, `pppd` runs on the port's
 * tty until the link is up and names the peer's address; the SAT then goes over telnet/SSH to
 * that address. pppd needs kernel PPP (/dev/ppp); where there is none (containers, this build
 * machine) the link fails cleanly with "PPP not available on this node".
 * The password goes to pppd in an options file readable only by us, never on its command line
 * (which every user can read in ps).
 */

export const PPP_UNAVAILABLE = "PPP not available on this node";

export type TPppOptions = {
  device: string;
  baudRate?: number;
  user: string;
  password: string;
  /** Names the link in pppd's log (ipparam/linkname). */
  linkName: string;
  timeoutMs: number;
  pppdPath?: string;
  devPpp?: string;
  spawn?: (cmd: string, args: string[]) => ChildProcess;
  onNote?: (note: string) => void;
};

export type TPppLink = { local: string; peer: string; stop(): Promise<void> };

/** Why PPP cannot run here, or null when it can. */
export function pppUnavailableReason({ pppdPath = "/usr/sbin/pppd", devPpp = "/dev/ppp" }: { pppdPath?: string; devPpp?: string } = {}) {
  if (!existsSync(pppdPath)) return `${PPP_UNAVAILABLE}: ${pppdPath} is not installed (Debian package ppp)`;
  if (!existsSync(devPpp)) return `${PPP_UNAVAILABLE}: the kernel has no PPP support (${devPpp} is missing)`;
  return null;
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** pppd's options file: the secrets, so they stay off the command line. */
export function pppdOptionsFile({ user, password }: { user: string; password: string }): string {
  return `user ${quote(user)}\npassword ${quote(password)}\n`;
}

/**
 * pppd's argument vector. The call is already up (we dialled), so no chat script and no modem
 * control (`local`); we do not authenticate the server (`noauth`), it authenticates us (PAP or
 * CHAP with user/password from the options file); addresses come from the server; no default
 * route (only the server's own address is wanted); one attempt; LCP echoes notice a dead line.
 */
export function pppdArgs({
  device,
  baudRate = 115_200,
  optionsFile,
  linkName,
}: {
  device: string;
  baudRate?: number;
  optionsFile: string;
  linkName: string;
}): string[] {
  const name = linkName.replace(/[^A-Za-z0-9_.-]/g, "_");
  return [
    device,
    String(baudRate),
    "file",
    optionsFile,
    "nodetach",
    "logfd",
    "2",
    "local",
    "noauth",
    "noipdefault",
    "ipcp-accept-local",
    "ipcp-accept-remote",
    "nodefaultroute",
    "noccp",
    "maxfail",
    "1",
    "lcp-echo-interval",
    "10",
    "lcp-echo-failure",
    "3",
    "linkname",
    `klaxon-${name}`,
    "ipparam",
    name,
  ];
}

export type TPppEvent = { type: "up"; local: string; peer: string } | { type: "failed"; code: TSatErrorCode; reason: string };

/** Reads pppd's log lines: the link is up once both addresses are known; known failures by their words. */
export class PppdLogReader {
  private partial = "";
  private local: string | null = null;
  private peer: string | null = null;
  readonly lines: string[] = [];

  feed(text: string): TPppEvent[] {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    const out: TPppEvent[] = [];
    for (const line of parts) {
      if (!line.trim()) continue;
      if (this.lines.length < 200) this.lines.push(line);
      const local = /local\s+IP address\s+(\S+)/i.exec(line);
      const remote = /remote\s+IP address\s+(\S+)/i.exec(line);
      if (local?.[1]) this.local = local[1];
      if (remote?.[1]) this.peer = remote[1];
      if ((local || remote) && this.local && this.peer) out.push({ type: "up", local: this.local, peer: this.peer });
      const failed = failureOf(line);
      if (failed) out.push(failed);
    }
    return out;
  }
}

function failureOf(line: string): TPppEvent | null {
  if (/\/dev\/ppp|lacks kernel support|kernel does not support PPP/i.test(line))
    return { type: "failed", code: "PPP_UNAVAILABLE", reason: `${PPP_UNAVAILABLE}: ${line.trim()}` };
  if (/(PAP|CHAP) authentication failed|authentication failed/i.test(line))
    return { type: "failed", code: "LOGIN_REFUSED", reason: `PPP login refused by the system: ${line.trim()}` };
  return null;
}

/** pppd's documented exit codes that say more than its log. */
export function pppdExitReason(code: number | null, signal: string | null): { code: TSatErrorCode; reason: string } {
  switch (code) {
    case 4:
      return { code: "PPP_UNAVAILABLE", reason: `${PPP_UNAVAILABLE}: the kernel has no PPP support` };
    case 19:
      return { code: "LOGIN_REFUSED", reason: "PPP login refused by the system (authentication failed)" };
    case 10:
      return { code: "UNREACHABLE", reason: "PPP negotiation with the system failed" };
    case 16:
      return { code: "LINE_DROPPED", reason: "the modem hung up during PPP negotiation" };
    case 2:
      return { code: "CONFIG", reason: "pppd refused its options" };
    default:
      return { code: "UNREACHABLE", reason: `pppd ended (${signal ?? `exit ${code}`}) before the link came up` };
  }
}

/** Starts pppd on a connected call and waits for the link and the peer's address. */
export function startPppLink(opts: TPppOptions): Promise<TPppLink> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "klaxon-ppp-"));
  const optionsFile = path.join(dir, "options");
  writeFileSync(optionsFile, pppdOptionsFile(opts), { mode: 0o600 });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const args = pppdArgs({ device: opts.device, baudRate: opts.baudRate, optionsFile, linkName: opts.linkName });
  const pppd = opts.pppdPath ?? "/usr/sbin/pppd";
  opts.onNote?.(`starting ${pppd} on ${opts.device}`);
  let child: ChildProcess;
  try {
    child = (opts.spawn ?? ((c, a) => nodeSpawn(c, a, { stdio: ["ignore", "pipe", "pipe"] })))(pppd, args);
  } catch (e) {
    cleanup();
    return Promise.reject(new SatError("PPP_UNAVAILABLE", `${PPP_UNAVAILABLE}: cannot start ${pppd}`, "ppp", { cause: e }));
  }
  const reader = new PppdLogReader();
  const exited = new Promise<void>((r) => child.once("close", () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
    cleanup();
  };
  return new Promise<TPppLink>((resolve, reject) => {
    let settled = false;
    let failure: { code: TSatErrorCode; reason: string } | null = null;
    const done = (e: SatError | null, link?: TPppLink) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) void stop().then(() => reject(e));
      else resolve(link as TPppLink);
    };
    const timer = setTimeout(
      () => done(new SatError("TIMEOUT", `timeout at step ppp: no PPP link within ${Math.round(opts.timeoutMs / 1000)} s`, "ppp")),
      opts.timeoutMs,
    );
    const onText = (d: Buffer) => {
      for (const ev of reader.feed(d.toString("utf8"))) {
        if (ev.type === "up") {
          opts.onNote?.(`PPP link up: local ${ev.local}, peer ${ev.peer}`);
          done(null, { local: ev.local, peer: ev.peer, stop });
        } else failure ??= { code: ev.code, reason: ev.reason };
      }
    };
    child.stdout?.on("data", onText);
    child.stderr?.on("data", onText);
    child.once("error", (e) => {
      failure ??= { code: "PPP_UNAVAILABLE", reason: `${PPP_UNAVAILABLE}: cannot start ${pppd} (${e.message})` };
    });
    child.once("close", (code, signal) => {
      const f = failure ?? pppdExitReason(code, signal);
      done(new SatError(f.code, f.reason, "ppp"));
    });
  });
}
