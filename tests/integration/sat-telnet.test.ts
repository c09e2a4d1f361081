import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REDACTED, SatError, withSatSession } from "../../lib/connect/sat/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { PbxSat } from "../sim/pbx-sat.ts";
import { startSatTelnet, type TSatTelnetServer } from "../sim/pbx-sat-telnet.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const KEY = randomBytes(32);
const PASSWORD = "crftpw01";
const fast = { login: 3000, command: 3000, lock: 500, promptQuiet: 40, logoff: 1500 };

describe("SAT over telnet to the simulated CM (real TCP, RFC 854 negotiation)", () => {
  const t = useTestDatabase("sat-telnet");
  const pbx = new PbxSat({ productId: "1000000042", users: { craft: PASSWORD }, timeScale: 0.0005 });
  let server: TSatTelnetServer;
  let systemId: number;

  beforeAll(async () => {
    server = await startSatTelnet(pbx);
    const s = await t.db.system.create({
      data: {
        name: "Telnet CM",
        productId: "1000000042",
        connectionType: "DIRECT_IP",
        satProtocol: "TELNET",
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(KEY, PASSWORD),
      },
    });
    systemId = s.id;
  });
  afterAll(async () => {
    await server?.close();
    pbx.close();
  });

  const session = <T>(body: Parameters<typeof withSatSession<T>>[3], extra: { onTranscript?: (c: string) => void } = {}) =>
    withSatSession(t.db, systemId, { secretKey: KEY, timeouts: fast, holder: "test", ...extra }, body);

  it("logs in, answers display alarms as a table, logs off; the password is in no transcript", async () => {
    let live = "";
    const { rows, transcript } = await session(
      async (sat) => {
        const r = await sat.run("display alarms");
        expect(r.ok).toBe(true);
        return { rows: r.rows, transcript: sat.transcript() };
      },
      { onTranscript: (c) => (live += c) },
    );
    expect(rows).toEqual([
      expect.objectContaining({ "0001ff00": "01A05", "0002ff00": "DS1-BD", "0005ff00": "MAJOR" }),
      expect.objectContaining({ "0001ff00": "01B0203", "0002ff00": "ANL-LINE", "0004ff00": "3003", "0005ff00": "MINOR" }),
    ]);
    expect(transcript).toContain("Login:");
    expect(transcript).toContain(`> ${REDACTED}`);
    expect(live).toContain("Proceed With Logoff");
    expect(live).not.toContain(PASSWORD);
    expect(transcript).not.toContain(PASSWORD);
    // The server asked for TERMINAL-TYPE, NAWS, LINEMODE and offered ECHO/SGA/STATUS: we agreed to what we support only.
    const heard = server.connections.at(-1)?.heard ?? [];
    expect(heard).toEqual(expect.arrayContaining(["DO 1", "DO 3", "DONT 5", "WILL 24", "WONT 31", "WONT 34", "TTYPE IS VT220"]));
    expect(pbx.sessions.active).toBe(0);
  });

  it("runs every command Klaxon uses; unknown commands come back as e lines, not throws", async () => {
    const results = await session(async (sat) => {
      const out: Record<string, Awaited<ReturnType<typeof sat.run>>> = {};
      for (const c of [
        "display errors",
        "display time",
        "list station",
        "status station 3002",
        "status station 9999",
        "list configuration all",
        "display system-parameters customer-options",
        "display system-parameters maintenance",
        "test board 01A05 short",
        "test port 01B0203 short",
        "frobnicate now",
      ])
        out[c] = await sat.run(c);
      out.fields = await sat.run({ command: "list station", fields: ["004fff00", "8005ff00"] });
      return out;
    });
    expect(results["display time"]?.rows[0]?.["0003ff00"]).toBe(String(new Date().getFullYear()));
    expect(results["list station"]?.rows.map((r) => r["8005ff00"])).toEqual(["3001", "3002", "3003"]);
    expect(results["status station 3002"]?.rows[0]).toMatchObject({ "0001ff00": "6408D+", "0002ff00": "3002" });
    expect(results["status station 9999"]).toMatchObject({ ok: false, errors: [expect.objectContaining({ fieldId: "0002ff00" })] });
    expect(results["status station 9999"]?.errors[0]?.message).toMatch(/Extension invalid/);
    expect(results["display system-parameters maintenance"]?.rows[0]?.["0001ff00"]).toBe("1000000042");
    expect(results["test board 01A05 short"]?.rows[0]).toMatchObject({ "0002ff00": "DS1-BD", "0005ff00": "FAIL" });
    expect(results["test port 01B0203 short"]?.rows[0]).toMatchObject({ "0002ff00": "ANL-LINE", "0005ff00": "PASS" });
    expect(results["frobnicate now"]).toMatchObject({ ok: false, rows: [] });
    expect(results.fields?.fields).toEqual(["004fff00", "8005ff00"]);
    expect(results.fields?.rows[1]).toEqual({ "004fff00": "6408D+", "8005ff00": "3002" });
    expect(results["list configuration all"]?.rows.length).toBe(3);
  });

  it("a wrong password is a LOGIN_REFUSED failure with a readable reason and the transcript; nothing logs the password", async () => {
    pbx.faults = { wrongPassword: true };
    const written: string[] = [];
    const spies = [vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write")];
    for (const spy of spies)
      spy.mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    try {
      const e = await session(async () => "never").catch((x: unknown) => x);
      for (const spy of spies) spy.mockRestore();
      expect(written.join("")).not.toContain(PASSWORD);
      expect(e).toBeInstanceOf(SatError);
      expect(e).toMatchObject({ code: "LOGIN_REFUSED", reason: expect.stringMatching(/login refused for craft/) });
      expect((e as SatError).transcript).toContain("Login incorrect");
      expect((e as SatError).transcript).not.toContain(PASSWORD);
    } finally {
      for (const spy of spies) spy.mockRestore();
      pbx.faults = {};
    }
  });

  it("prompts split into single bytes, LF-only line ends, upper case, echo and a noisy banner still log in", async () => {
    pbx.faults = { chunkBytes: 1, lineEnd: "\n", upperCase: true, echo: true, garbage: "banner" };
    try {
      const r = await session((sat) => sat.run("list station"));
      expect(r.rows.length).toBe(3);
    } finally {
      pbx.faults = {};
    }
  });

  it("a system that waits for Enter before Login: and shows no t prompt after the terminal type is nudged, then used", async () => {
    pbx.faults = { noTPrompt: true, loginOnEnter: true };
    try {
      const { r, transcript } = await withSatSession(
        t.db,
        systemId,
        { secretKey: KEY, timeouts: { ...fast, nudge: 300 } },
        async (sat) => ({ r: await sat.run("display time"), transcript: sat.transcript() }),
      );
      expect(r.rows.length).toBe(1);
      expect(transcript).toContain("Terminator received but no command active");
    } finally {
      pbx.faults = {};
    }
  });

  it("no free login port, a hang-up mid-session, garbage answers and silence fail with their own reasons", async () => {
    const cases: [Parameters<typeof Object.assign>[1], string, RegExp][] = [
      [{ noLoginPort: true }, "BUSY", /Login resources unavailable/],
      [{ hangupAt: "command" }, "LINE_DROPPED", /closed the connection/],
      [{ hangupAt: "password" }, "LINE_DROPPED", /at step password/],
      [{ garbage: "answers" }, "TIMEOUT", /timeout at step command \(display alarms\)/],
      [{ garbage: "prompts" }, "TIMEOUT", /timeout at step login/],
      [{ slowMs: 4000 }, "TIMEOUT", /timeout at step login/],
    ];
    for (const [faults, code, reason] of cases) {
      pbx.faults = faults;
      const e = await session((sat) => sat.run("display alarms"))
        .catch((x: unknown) => x)
        .finally(() => {
          pbx.faults = {};
        });
      expect(e, JSON.stringify(faults)).toMatchObject({ code, reason: expect.stringMatching(reason) });
    }
    await expect.poll(() => pbx.sessions.active, { timeout: 10_000 }).toBe(0);
  });

  it("a closed port is UNREACHABLE", async () => {
    await t.db.system.update({ where: { id: systemId }, data: { ipPort: 1 } });
    try {
      const e = await session(async () => 1).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: "UNREACHABLE", reason: expect.stringMatching(/cannot reach 127.0.0.1:1 by telnet: ECONNREFUSED/) });
    } finally {
      await t.db.system.update({ where: { id: systemId }, data: { ipPort: server.port } });
    }
  });

  it("at most one session per system: a second one waits, then fails SESSION_IN_USE naming the holder", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered: () => void = () => {};
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const first = session(async () => {
      entered();
      await held;
    });
    await Promise.race([inside, first]);
    const e = await withSatSession(t.db, systemId, { secretKey: KEY, timeouts: fast, holder: "second" }, async () => 1).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: "SESSION_IN_USE", reason: expect.stringMatching(/\(test\)/) });
    release();
    await first;
    expect(pbx.sessions.peak).toBe(1);
    await expect(session((sat) => sat.run("display time"))).resolves.toMatchObject({ ok: true });
  });

  it("test inads-link: Command successfully completed, the test alarm follows (time-scaled), a second test meanwhile fails", async () => {
    const before = pbx.testAlarmsSent;
    const [a, b] = await session(async (sat) => [await sat.run("test inads-link"), await sat.run("test inads-link 1")]);
    expect(a?.rows[0]?.["0001ff00"]).toBe("Command successfully completed");
    expect(b).toMatchObject({ ok: false, errors: [expect.objectContaining({ message: expect.stringMatching(/^Command failed/) })] });
    await expect.poll(() => pbx.testAlarmsSent, { timeout: 5000 }).toBe(before + 1);
  });
});
