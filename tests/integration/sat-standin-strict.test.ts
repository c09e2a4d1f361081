import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSatError, withSatSession } from "../../lib/connect/sat/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { startStrictStandin, type TStrictStandin } from "../sim/cm-standin-strict.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const KEY = randomBytes(32);
const fast = { login: 3000, command: 3000, lock: 500, promptQuiet: 40, logoff: 1500 };

describe("SAT over telnet to a second, independently written CM stand-in (RFC 854 line ends, 5 fields a line)", () => {
  const t = useTestDatabase("sat-standin-strict");
  let cm: TStrictStandin;
  let systemId = 0;
  let wrongId = 0;

  beforeAll(async () => {
    cm = await startStrictStandin({ init: "initpw77" });
    const base = {
      connectionType: "DIRECT_IP" as const,
      satProtocol: "TELNET" as const,
      ipAddress: "127.0.0.1",
      ipPort: cm.port,
      satLogin: "init",
    };
    systemId = (
      await t.db.system.create({ data: { ...base, name: "Strict CM", productId: "1000000077", satPasswordEnc: encryptSecret(KEY, "initpw77") } })
    ).id;
    wrongId = (
      await t.db.system.create({ data: { ...base, name: "Strict CM wrong pw", productId: "1000000078", satPasswordEnc: encryptSecret(KEY, "nope") } })
    ).id;
  });
  afterAll(() => cm?.close());

  it("logs in, reads display alarms and a 30-station list by field ID, gets an e line as an error, logs off", async () => {
    const out = await withSatSession(t.db, systemId, { secretKey: KEY, timeouts: fast, holder: "test" }, async (sat) => ({
      alarms: await sat.run("display alarms"),
      stations: await sat.run("list station"),
      bad: await sat.run("frobnicate everything"),
      time: await sat.run("display time"),
    }));
    expect(out.alarms.ok).toBe(true);
    expect(out.alarms.rows).toEqual([
      expect.objectContaining({ "0001ff00": "01A0501", "0002ff00": "DS1-BD", "0004ff00": "", "0005ff00": "MAJOR", "0008ff00": "41" }),
      expect.objectContaining({ "0001ff00": "01C1104", "0002ff00": "ANL-LINE", "0004ff00": "3104", "0005ff00": "MINOR" }),
    ]);
    expect(out.stations.rows).toHaveLength(30);
    expect(out.stations.rows[29]).toEqual({ "8005ff00": "4029", "004fff00": "9620" });
    expect(out.bad.ok).toBe(false);
    expect(out.bad.errors[0]?.message).toContain("frobnicate is an invalid entry");
    expect(out.time.rows).toEqual([{ "0003ff00": "2026" }]);
    expect(cm.commands).toEqual(["display alarms", "list station", "frobnicate everything", "display time", "logoff"]);
    await expect.poll(() => cm.loggedOff).toBe(1);
  });

  it("a wrong password is LOGIN_REFUSED with a readable reason", async () => {
    const e = await withSatSession(t.db, wrongId, { secretKey: KEY, timeouts: fast, holder: "test" }, async () => "in").catch(
      (x: unknown) => x,
    );
    expect(isSatError(e) && e.code).toBe("LOGIN_REFUSED");
  });
});
