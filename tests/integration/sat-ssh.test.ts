import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SatError, withSatSession } from "../../lib/connect/sat/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { PbxSat } from "../sim/pbx-sat.ts";
import { startSatSsh, type TSatSshServer } from "../sim/pbx-sat-ssh.ts";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const KEY = randomBytes(32);
const PASSWORD = "Init!pw-77";
const fast = { login: 4000, command: 4000, lock: 500, connect: 8000, logoff: 1500 };

describe("SAT over SSH to the simulated CM (ssh2 server, host key remembered)", () => {
  const t = useTestDatabase("sat-ssh");
  const pbx = new PbxSat({ productId: "2000000077", users: { init: PASSWORD } });
  const servers: TSatSshServer[] = [];
  const systems: Record<string, number> = {};

  const addSystem = async (name: string, server: TSatSshServer) => {
    const s = await t.db.system.create({
      data: {
        name,
        productId: `20000001${String(Object.keys(systems).length).padStart(2, "0")}`,
        connectionType: "DIRECT_IP",
        satProtocol: "SSH",
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "init",
        satPasswordEnc: encryptSecret(KEY, PASSWORD),
      },
    });
    systems[name] = s.id;
    return s.id;
  };

  beforeAll(async () => {
    servers.push(await startSatSsh(pbx, { auth: "password", shellLogin: "prompt" }));
    servers.push(await startSatSsh(pbx, { auth: "keyboard-interactive", shellLogin: "direct" }));
    await addSystem("prompting", servers[0] as TSatSshServer);
    await addSystem("direct", servers[1] as TSatSshServer);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    pbx.close();
  });

  const run = (name: string, command = "display alarms") =>
    withSatSession(t.db, systems[name] as number, { secretKey: KEY, timeouts: fast, holder: "ssh-test" }, (sat) => sat.run(command));

  it("password auth, then Login:/Password: again in the shell, then OSSI; the host key is remembered at first contact", async () => {
    const r = await run("prompting");
    expect(r.rows.map((x) => x["0002ff00"])).toEqual(["DS1-BD", "ANL-LINE"]);
    const s = await t.db.system.findUniqueOrThrow({ where: { id: systems.prompting } });
    expect(s.sshHostKey).toMatch(/^ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}$/);
    expect(s.sshHostKeyNew).toBeNull();
    // Same key next time: accepted silently.
    await expect(run("prompting", "display time")).resolves.toMatchObject({ ok: true });
  });

  it("keyboard-interactive auth and a shell that goes straight to the terminal type", async () => {
    const r = await run("direct", "list station");
    expect(r.rows.length).toBe(3);
    expect(servers[1]?.authAttempts.at(-1)).toEqual({ user: "init", method: "keyboard-interactive", ok: true });
  });

  it("a server that refuses a pseudo-terminal still gives a shell, and OSSI works over it", async () => {
    const server = await startSatSsh(pbx, { auth: "password", shellLogin: "direct", refusePty: true });
    servers.push(server);
    await addSystem("no-pty", server);
    const r = await run("no-pty", "list station");
    expect(r.rows.length).toBe(3);
  });

  it("a wrong password is LOGIN_REFUSED at the SSH layer; the password is in no transcript", async () => {
    pbx.faults = { wrongPassword: true };
    const e = await run("prompting")
      .catch((x: unknown) => x)
      .finally(() => {
        pbx.faults = {};
      });
    expect(e).toBeInstanceOf(SatError);
    expect(e).toMatchObject({ code: "LOGIN_REFUSED", reason: expect.stringMatching(/SSH login refused for init/) });
    expect(JSON.stringify(e)).not.toContain(PASSWORD);
  });

  it("a changed host key is refused before any password is sent, until an admin accepts the new key", async () => {
    const server = servers[0] as TSatSshServer;
    const before = await t.db.system.findUniqueOrThrow({ where: { id: systems.prompting } });
    await server.changeHostKey();
    const attempts = server.authAttempts.length;
    const e = await run("prompting").catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "HOST_KEY_CHANGED",
      reason: expect.stringMatching(/SSH host key changed: remembered ssh-ed25519 SHA256:/),
    });
    expect(server.authAttempts.length).toBe(attempts);
    const after = await t.db.system.findUniqueOrThrow({ where: { id: systems.prompting } });
    expect(after.sshHostKey).toBe(before.sshHostKey);
    expect(after.sshHostKeyNew).toMatch(/^ssh-ed25519 SHA256:/);
    expect(after.sshHostKeyNew).not.toBe(before.sshHostKey);
    // Still refused on the next try: nothing changes without an admin.
    await expect(run("prompting")).rejects.toMatchObject({ code: "HOST_KEY_CHANGED" });

    // Only an admin may accept, and only the key that was offered.
    const id = systems.prompting as number;
    await expect(callerAs(t.db, "TECHNICIAN").system.acceptHostKey({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(t.db, "ADMIN").system.acceptHostKey({ id, fingerprint: "SHA256:not-the-one" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const fp = after.sshHostKeyNew?.split(" ")[1];
    const state = await callerAs(t.db, "ADMIN").system.acceptHostKey({ id, fingerprint: fp });
    expect(state).toMatchObject({ trusted: after.sshHostKeyNew, offered: null });
    expect(await t.db.auditLog.count({ where: { action: "system.acceptHostKey" } })).toBe(1);
    await expect(run("prompting")).resolves.toMatchObject({ ok: true });
    const shown = await callerAs(t.db, "VIEWER").system.get({ id });
    expect(shown).toMatchObject({ sshHostKey: after.sshHostKeyNew, sshHostKeyNew: null });
  });

  it("nothing listening is UNREACHABLE", async () => {
    await t.db.system.update({ where: { id: systems.direct }, data: { ipPort: 1 } });
    await expect(run("direct")).rejects.toMatchObject({ code: "UNREACHABLE", reason: expect.stringMatching(/by SSH: ECONNREFUSED/) });
    await t.db.system.update({ where: { id: systems.direct }, data: { ipPort: servers[1]?.port } });
  });
});
