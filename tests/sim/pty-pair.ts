import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type TPtyPair = { dte: string; modem: string; stop(): Promise<void> };

/**
 * Two linked pseudo-terminals from socat (Debian `socat`, see .ci/install-deps.sh): the node
 * opens `dte` with serialport as if it were /dev/ttyS0, the modem simulator sits on `modem`.
 */
// A test that times out never reaches its `finally`: kill what is left when the worker exits,
// so no socat outlives the run holding PTYs.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

export async function openPtyPair(dir = mkdtempSync(path.join(os.tmpdir(), "klaxon-pty-"))): Promise<TPtyPair> {
  const dte = path.join(dir, "dte");
  const modem = path.join(dir, "modem");
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${dte}`, `pty,raw,echo=0,link=${modem}`], { stdio: "ignore" });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const started = Date.now();
  while (!(existsSync(dte) && existsSync(modem))) {
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
    if (Date.now() - started > 5000) throw new Error("socat did not create the PTY pair");
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    dte,
    modem,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
