import { describe, expect, it } from "vitest";
import { PppdLogReader, pppdArgs, pppdExitReason, pppdOptionsFile, pppUnavailableReason } from "../../../lib/connect/sat/ppp-link.ts";

describe("RAS/PPP: pppd's arguments and log", () => {
  it("runs pppd on the port's tty, foreground, no chat/modem control, secrets only in the options file", () => {
    const args = pppdArgs({ device: "/dev/ttyS3", baudRate: 57600, optionsFile: "/tmp/x/options", linkName: "system 12" });
    expect(args.slice(0, 4)).toEqual(["/dev/ttyS3", "57600", "file", "/tmp/x/options"]);
    for (const a of ["nodetach", "local", "noauth", "noipdefault", "nodefaultroute", "ipcp-accept-remote"]) expect(args).toContain(a);
    expect(args.join(" ")).toContain("maxfail 1");
    expect(args.join(" ")).toContain("linkname klaxon-system_12");
    expect(args).not.toContain("password");
    expect(pppdOptionsFile({ user: "ras", password: 'p "w\\' })).toBe('user "ras"\npassword "p \\"w\\\\"\n');
  });

  it("the link is up once both addresses are logged, in either order and split across reads", () => {
    const r = new PppdLogReader();
    expect(r.feed("Using interface ppp0\nConnect: ppp0 <--> /dev/ttyS3\nremote IP addr")).toEqual([]);
    expect(r.feed("ess 192.168.50.1\n")).toEqual([]);
    expect(r.feed("local  IP address 192.168.50.2\n")).toEqual([{ type: "up", local: "192.168.50.2", peer: "192.168.50.1" }]);
  });

  it("names failures: no kernel PPP, refused authentication; exit codes say the rest", () => {
    const r = new PppdLogReader();
    expect(r.feed("Couldn't open the /dev/ppp device: No such file or directory\n")).toEqual([
      expect.objectContaining({
        type: "failed",
        code: "PPP_UNAVAILABLE",
        reason: expect.stringMatching(/^PPP not available on this node/),
      }),
    ]);
    expect(new PppdLogReader().feed("PAP authentication failed\n")).toEqual([expect.objectContaining({ code: "LOGIN_REFUSED" })]);
    expect(pppdExitReason(4, null).code).toBe("PPP_UNAVAILABLE");
    expect(pppdExitReason(19, null).code).toBe("LOGIN_REFUSED");
    expect(pppdExitReason(16, null).code).toBe("LINE_DROPPED");
    expect(pppdExitReason(null, "SIGKILL").reason).toMatch(/SIGKILL/);
  });

  it("knows when this node cannot run PPP", () => {
    expect(pppUnavailableReason({ pppdPath: "/nonexistent/pppd" })).toMatch(
      /PPP not available on this node: \/nonexistent\/pppd is not installed/,
    );
    expect(pppUnavailableReason({ pppdPath: process.execPath, devPpp: "/nonexistent/ppp" })).toMatch(/no PPP support/);
    expect(pppUnavailableReason({ pppdPath: process.execPath, devPpp: process.execPath })).toBeNull();
  });
});
