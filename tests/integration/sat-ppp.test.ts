import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPppLink } from "../../lib/connect/sat/ppp-link.ts";
import { openPtyPair, type TPtyPair } from "../sim/pty-pair.ts";

const PPPD = "/usr/sbin/pppd";

/*
 * The RAS/PPP boundary as far as this machine allows: the real pppd (Debian `ppp`) started on a
 * real PTY with Klaxon's arguments. This kernel has no /dev/ppp, so pppd must fail, and Klaxon
 * must turn that into "PPP not available on this node" and leave nothing behind.
 */
describe("pppd launched on a PTY (real pppd; no kernel PPP here)", () => {
  let pty: TPtyPair;
  beforeAll(async () => {
    pty = await openPtyPair();
  });
  afterAll(async () => {
    await pty?.stop();
  });

  it("starts pppd with the port's tty and an options file holding the secrets, and fails cleanly without /dev/ppp", async () => {
    const launched: { cmd: string; args: string[]; options: string }[] = [];
    const notes: string[] = [];
    const e = await startPppLink({
      device: pty.dte,
      baudRate: 38400,
      user: "rasuser",
      password: "ras-Secret-9",
      linkName: "system-7",
      timeoutMs: 10_000,
      onNote: (n) => notes.push(n),
      spawn: (cmd, args) => {
        const file = args[args.indexOf("file") + 1] as string;
        launched.push({ cmd, args, options: readFileSync(file, "utf8") });
        return spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
      },
    }).catch((x: unknown) => x);
    expect(launched).toHaveLength(1);
    const [run] = launched;
    expect(run?.cmd).toBe(PPPD);
    expect(run?.args.slice(0, 2)).toEqual([pty.dte, "38400"]);
    expect(run?.args).toEqual(expect.arrayContaining(["nodetach", "noauth", "local", "linkname", "klaxon-system-7"]));
    expect(run?.args.join(" ")).not.toContain("ras-Secret-9");
    expect(run?.options).toBe('user "rasuser"\npassword "ras-Secret-9"\n');
    if (existsSync("/dev/ppp")) return; // a host with kernel PPP: the link would need a peer; nothing more to check here
    expect(e).toMatchObject({ code: "PPP_UNAVAILABLE", step: "ppp", reason: expect.stringMatching(/^PPP not available on this node/) });
    const optionsFile = run?.args[run.args.indexOf("file") + 1] as string;
    expect(existsSync(optionsFile)).toBe(false);
    expect(notes.join("\n")).not.toContain("ras-Secret-9");
  });
});
