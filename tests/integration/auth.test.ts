import { describe, expect, it } from "vitest";
import { bootstrapFromEnv, createApiToken, createUser, login, principalFromSession, principalFromToken } from "../../lib/auth/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { callerAs } from "../support/api-caller.ts";

describe("authentication", () => {
  const t = useTestDatabase("auth");

  it("a user logs in with the right password, gets a session, and the attempt is audited", async () => {
    await createUser(t.db, { email: "Tech@Example.com", name: "Tech", password: "correct-horse", role: "TECHNICIAN" });
    const s = await login(t.db, { email: "tech@example.com", password: "correct-horse", ip: "10.0.0.1" });
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: "tech@example.com" } });
    expect(stored.passwordHash).not.toContain("correct-horse");
    expect(await principalFromSession(t.db, s.token)).toMatchObject({ role: "TECHNICIAN", name: "tech@example.com" });
    expect(await t.db.session.count({ where: { id: s.token } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: "auth.login" } })).toBe(1);
  });

  it("a wrong password is refused; repeated guesses from one address are slowed there, not for the owner elsewhere", async () => {
    await createUser(t.db, { email: "v@example.com", name: "V", password: "right-password", role: "VIEWER" });
    for (let i = 0; i < 4; i++) {
      await expect(login(t.db, { email: "v@example.com", password: "nope-nope", ip: "10.0.0.2" })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    await expect(login(t.db, { email: "v@example.com", password: "nope-nope", ip: "10.0.0.2" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    expect((await login(t.db, { email: "v@example.com", password: "right-password", ip: "10.0.0.3" })).user.email).toBe("v@example.com");
  });

  it("API tokens are stored hashed, carry a role, and stop working when revoked", async () => {
    const created = await createApiToken(t.db, { name: "nms", role: "VIEWER" });
    expect(await t.db.apiToken.count({ where: { tokenHash: created.token } })).toBe(0);
    expect(await principalFromToken(t.db, created.token)).toMatchObject({ kind: "token", role: "VIEWER" });
    await t.db.apiToken.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
    expect(await principalFromToken(t.db, created.token)).toBeNull();
  });

  it("bootstrap creates the first admin and the bootstrap token once", async () => {
    const fresh = await bootstrapFromEnv(t.db, {
      adminEmail: "root@example.com",
      adminPassword: "rootroot1",
      bootstrapToken: "klx_bootstrap_abcdefghijklmnopqrstuvwxyz",
    });
    expect(fresh).toEqual(["bootstrap token"]); // users exist already in this file: no admin is forced in
    const again = await bootstrapFromEnv(t.db, { bootstrapToken: "klx_bootstrap_abcdefghijklmnopqrstuvwxyz" });
    expect(again).toEqual([]);
    expect(await principalFromToken(t.db, "klx_bootstrap_abcdefghijklmnopqrstuvwxyz")).toMatchObject({ role: "ADMIN" });
  });

  it("the setup form works only while no user exists", async () => {
    await expect(callerAs(t.db, null).auth.setup({ email: "late@example.com", name: "Late", password: "whatever1" })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
  });

  it("SAT passwords and SNMPv3 keys are encrypted at rest and never returned", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const s = await admin.system.create({
      name: "G3 Boston",
      productId: "1234567890",
      satLogin: "craft",
      satPassword: "crafty-secret",
      snmpV3AuthKey: "authkey-123",
      snmpV3User: "klaxon",
    });
    const row = await t.db.system.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.satPasswordEnc).toMatch(/^enc:v1:/);
    expect(row.satPasswordEnc).not.toContain("crafty");
    expect(JSON.stringify(s)).not.toContain("enc:v1");
    expect(s).toMatchObject({ hasSatPassword: true, hasSnmpV3AuthKey: true, hasSnmpV3PrivKey: false });
  });
});
