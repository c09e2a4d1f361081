import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, type TSat, withSatSession } from "../../lib/connect/sat/index.ts";
import type { TDialOutHandle } from "../../lib/connect/modem-port.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { PbxSat, type TSatFaults } from "../sim/pbx-sat.ts";
import { attachSatModem, type TSatModemLine } from "../sim/pbx-sat-modem.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { useModemRig } from "../support/modem-rig.ts";

const KEY = randomBytes(32);
const PASSWORD = "g3craft!";
const PBX_NUMBER = "5559100";
const fast = { dial: 4000, login: 4000, command: 4000, lock: 500, logoff: 2000, nudge: 1500 };

describe("SAT over a modem data call (serialport ↔ PTY ↔ simulated modem ↔ phone network ↔ G3)", () => {
  const t = useTestDatabase("sat-modem");
  const rig = useModemRig(t, {
    nodeName: "sat-modem-node",
    number: "5550999",
    guardMs: 100,
    port: { purpose: "DIALOUT", baudRate: 9600 },
    manager: { reconcileMs: 300, probeIntervalMs: 60_000, backoffMinMs: 200, backoffMaxMs: 800 },
  });
  const pbx = new PbxSat({ productId: "1000000900", users: { craft: PASSWORD } });
  let line: TSatModemLine;
  let systemId: number;

  beforeAll(async () => {
    line = attachSatModem(pbx, rig.network, PBX_NUMBER);
    const s = await t.db.system.create({
      data: {
        name: "Legacy G3",
        productId: "1000000900",
        connectionType: "MODEM",
        dialNumber: PBX_NUMBER,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(KEY, PASSWORD),
      },
    });
    systemId = s.id;
  });
  afterAll(() => {
    line?.close();
    pbx.close();
  });

  /** Borrows the port like a job does, runs a session, hands the port back. */
  async function viaModem<T>(body: (sat: TSat) => Promise<T>, faults: TSatFaults = {}): Promise<T> {
    pbx.faults = faults;
    const handle = await rig.ports.acquireDialOutPort();
    if (!handle) throw new Error("no dial-out port");
    try {
      return await withSatSession(t.db, systemId, { secretKey: KEY, timeouts: fast, line: async () => handle as TDialOutHandle }, body);
    } finally {
      pbx.faults = {};
      await handle.release();
    }
  }

  it("dials, logs in over the data call, runs commands, logs off and hangs up; the port is IDLE again", async () => {
    const { alarms, via, port, transcript } = await viaModem(async (sat) => ({
      alarms: await sat.run("display alarms"),
      via: sat.via,
      port: sat.port,
      transcript: sat.transcript(),
    }));
    expect(alarms.rows.map((r) => r["0001ff00"])).toEqual(["01A05", "01B0203"]);
    expect(via).toBe(`modem ${rig.pty.dte} → ${PBX_NUMBER}`);
    expect(port).toBe(rig.pty.dte);
    expect(transcript).toContain(`dialling ${PBX_NUMBER}`);
    expect(transcript).toContain(`> ${REDACTED}`);
    expect(transcript).not.toContain(PASSWORD);
    expect(rig.modem.modem.commands).toContain(`ATDT${PBX_NUMBER}`);
    await rig.idle();
    expect(rig.network.activeCalls).toBe(0);
    expect(pbx.sessions.active).toBe(0);
  });

  it("BUSY, NO ANSWER, NO CARRIER, 'Login resources unavailable' and a wrong number each fail clearly, and the port is released every time", async () => {
    const cases: [TSatFaults, string, RegExp][] = [
      [{ busy: true }, "BUSY", /5559100 was busy/],
      [{ noAnswer: true }, "NO_ANSWER", /no answer from 5559100 within 4 s/],
      [{ noCarrier: true }, "UNREACHABLE", /no carrier: the call to 5559100 did not connect/],
      [{ noLoginPort: true }, "BUSY", /Login resources unavailable/],
      [{ wrongPassword: true }, "LOGIN_REFUSED", /login refused for craft/],
      [{ hangupAt: "command" }, "LINE_DROPPED", /during 'display alarms'/],
    ];
    for (const [faults, code, reason] of cases) {
      const e = await viaModem((sat) => sat.run("display alarms"), faults).catch((x: unknown) => x);
      expect(e, JSON.stringify(faults)).toMatchObject({ code, reason: expect.stringMatching(reason) });
      await rig.idle();
    }
    await t.db.system.update({ where: { id: systemId }, data: { dialNumber: "5550000" } });
    const e = await viaModem((sat) => sat.run("display time")).catch((x: unknown) => x);
    await t.db.system.update({ where: { id: systemId }, data: { dialNumber: PBX_NUMBER } });
    expect(e).toMatchObject({ code: "UNREACHABLE", reason: expect.stringMatching(/no dial tone/) });
    await rig.idle();
    expect(rig.network.activeCalls).toBe(0);
  });

  it("the line cut mid-session is LINE_DROPPED, and the port still comes back", async () => {
    const e = await viaModem(async (sat) => {
      await sat.run("display time");
      line.cut();
      return sat.run("list configuration all");
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "LINE_DROPPED" });
    await rig.idle();
    await expect(viaModem((sat) => sat.run("display time"))).resolves.toMatchObject({ ok: true });
  });

  it("RAS/PPP without kernel PPP: 'PPP not available on this node' before dialling; the port stays free", async () => {
    const ras = await t.db.system.create({
      data: {
        name: "S8500 over RAS",
        productId: "1000000901",
        connectionType: "RAS_PPP",
        satProtocol: "TELNET",
        dialNumber: PBX_NUMBER,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(KEY, PASSWORD),
        pppUser: "ras",
        pppPasswordEnc: encryptSecret(KEY, "ppp-Secret-1"),
      },
    });
    const dials = rig.modem.modem.commands.filter((c) => c.startsWith("ATDT")).length;
    const handle = await rig.ports.acquireDialOutPort();
    const e = await withSatSession(
      t.db,
      ras.id,
      { secretKey: KEY, timeouts: fast, line: async () => handle as TDialOutHandle },
      async () => 1,
    )
      .catch((x: unknown) => x)
      .finally(() => handle?.release());
    expect(e).toMatchObject({
      code: "PPP_UNAVAILABLE",
      reason: expect.stringMatching(/^PPP not available on this node: the kernel has no PPP support/),
    });
    expect(rig.modem.modem.commands.filter((c) => c.startsWith("ATDT")).length).toBe(dials);
    await rig.idle();

    // A node that believes it has kernel PPP (devPpp exists) dials, connects and starts the real pppd on the
    // port's tty; pppd itself then finds no /dev/ppp: the same clean failure, the call hung up, the port free.
    const second = await rig.ports.acquireDialOutPort();
    const e2 = await withSatSession(
      t.db,
      ras.id,
      { secretKey: KEY, timeouts: fast, line: async () => second as TDialOutHandle, ppp: { devPpp: process.execPath } },
      async () => 1,
    )
      .catch((x: unknown) => x)
      .finally(() => second?.release());
    expect(e2).toMatchObject({ code: "PPP_UNAVAILABLE", step: "ppp" });
    const transcript = (e2 as { transcript: string }).transcript;
    expect(transcript).toContain("modem: CONNECT");
    expect(transcript).toContain(`starting /usr/sbin/pppd on ${rig.pty.dte}`);
    expect(transcript).not.toContain("ppp-Secret-1");
    await rig.idle();
    expect(rig.network.activeCalls).toBe(0);
  });

  it("a modem session without a port to dial from is NO_LINE, before any dial", async () => {
    const dials = rig.modem.modem.commands.length;
    await expect(withSatSession(t.db, systemId, { secretKey: KEY, timeouts: fast }, async () => 1)).rejects.toMatchObject({
      code: "NO_LINE",
    });
    expect(rig.modem.modem.commands.length).toBe(dials);
  });
});
