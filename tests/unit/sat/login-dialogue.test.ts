import { describe, expect, it } from "vitest";
import { LoginDialogue, type TLoginEvent } from "../../../lib/connect/sat/login-dialogue.ts";

const creds = { user: "craft", password: "s3cret!", terminalType: "ossi4" };

/** Feeds text and lets the line go quiet; returns what to send / the outcome. */
function step(d: LoginDialogue, text: string): TLoginEvent[] {
  return [...d.feed(text), ...d.quiet()];
}
const sends = (evs: TLoginEvent[]) => evs.flatMap((e) => (e.type === "send" ? [e.text] : []));

describe("SAT login dialogue", () => {
  it("Login → user, Password → password (secret), Terminal Type → ossi4, then the t prompt is ready", () => {
    const d = new LoginDialogue(creds);
    expect(step(d, "\r\nAvaya Communication Manager\r\nLogin: ")).toEqual([
      { type: "send", text: "craft", secret: false, step: "password" },
    ]);
    expect(step(d, "Password: ")).toEqual([{ type: "send", text: "s3cret!", secret: true, step: "terminal-type" }]);
    expect(sends(step(d, "\r\nTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513] "))).toEqual(["ossi4"]);
    expect(d.feed("\r\nt\r\n")).toEqual([{ type: "ready" }]);
  });

  it("prompt spellings of other systems: login:, Login name:, Username:, Password without a space, the terminal type without its default", () => {
    for (const prompt of ["login:", "Login name: ", "Username:", "LOGIN :"]) {
      const d = new LoginDialogue(creds);
      expect(sends(step(d, `\r\n${prompt}`)), prompt).toEqual(["craft"]);
      expect(sends(step(d, "\r\npassword:"))).toEqual(["s3cret!"]);
      expect(sends(step(d, "\r\nTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): "))).toEqual(["ossi4"]);
      expect(d.feed("t\n")).toEqual([{ type: "ready" }]);
    }
  });

  it("prompts split across reads are answered only once the line is quiet, and only once", () => {
    const d = new LoginDialogue(creds);
    expect(d.feed("Lo")).toEqual([]);
    expect(d.quiet()).toEqual([]);
    expect(d.feed("GIN")).toEqual([]);
    expect(sends(step(d, ":"))).toEqual(["craft"]);
    expect(d.quiet()).toEqual([]);
  });

  it("a colon inside banner text is not a prompt once the rest of the line arrived", () => {
    const d = new LoginDialogue(creds);
    d.feed("Last login:");
    expect(sends(step(d, " Tue Mar 14 09:26 from 10.0.0.1\r\nlogin: "))).toEqual(["craft"]);
  });

  it("SSH that lands straight on the terminal type, or asks Password only, still logs in", () => {
    const a = new LoginDialogue(creds);
    expect(sends(step(a, "\x1b[2J\x1b[HTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513]"))).toEqual(["ossi4"]);
    expect(step(a, "t")).toEqual([{ type: "ready" }]);
    const b = new LoginDialogue(creds);
    expect(sends(step(b, "Password:"))).toEqual(["s3cret!"]);
  });

  it("wrong password: 'Login incorrect' or a second Login prompt is LOGIN_REFUSED", () => {
    const a = new LoginDialogue(creds);
    step(a, "Login: ");
    step(a, "Password: ");
    expect(a.feed("\r\nLogin incorrect\r\n")).toEqual([expect.objectContaining({ type: "failed", code: "LOGIN_REFUSED" })]);
    const b = new LoginDialogue(creds);
    step(b, "Login: ");
    step(b, "Password: ");
    expect(step(b, "\r\nLogin: ")).toEqual([expect.objectContaining({ type: "failed", code: "LOGIN_REFUSED" })]);
  });

  it("'Login resources unavailable' at any point is BUSY", () => {
    const d = new LoginDialogue(creds);
    expect(d.feed("\r\nLogin resources unavailable\r\n")).toEqual([expect.objectContaining({ type: "failed", code: "BUSY" })]);
    expect(d.done).toBe(true);
  });

  it("a refused terminal type (asked again) is a PROTOCOL failure naming the type", () => {
    const d = new LoginDialogue(creds);
    step(d, "Terminal Type: [513] ");
    expect(step(d, "\r\nossi4 is an invalid terminal type\r\nTerminal Type: [513] ")).toEqual([
      expect.objectContaining({ type: "failed", code: "PROTOCOL", reason: expect.stringContaining("ossi4") }),
    ]);
  });

  it("a craft login's alarm-suppression question is answered n, so alarms keep flowing", () => {
    const d = new LoginDialogue(creds);
    step(d, "Login: ");
    step(d, "Password: ");
    expect(sends(step(d, "Suppress Alarm Origination? [y] "))).toEqual(["n"]);
  });

  it("a silent line gets one CR to wake the Login prompt (also behind a banner); a missing t prompt gets one t", () => {
    const d = new LoginDialogue(creds);
    step(d, "Welcome to the terminal server\r\n");
    expect(sends(d.nudge())).toEqual([""]);
    expect(d.nudge()).toEqual([]);
    step(d, "Login: ");
    step(d, "Password: ");
    step(d, "Terminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513] ");
    expect(sends(d.nudge())).toEqual(["t"]);
    expect(d.nudge()).toEqual([]);
    expect(d.feed("Terminator received but no command active\r\nt\r\n")).toEqual([{ type: "ready" }]);
  });
});
