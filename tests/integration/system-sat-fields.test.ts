import { describe, expect, it } from "vitest";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

describe("system.create / system.update: SAT protocol and PPP credentials", () => {
  const t = useTestDatabase("system-sat-fields");

  it("stores the PPP password encrypted, never returns it, and an update changes only what it was sent", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const s = await admin.system.create({
      name: "Denver S8500",
      productId: "2000000999",
      connectionType: "RAS_PPP",
      dialNumber: "13035550199",
      satProtocol: "TELNET",
      satLogin: "craft",
      pppUser: "rasklaxon",
      pppPassword: "ppp-Secret-22",
    });
    expect(s).toMatchObject({ satProtocol: "TELNET", pppUser: "rasklaxon", hasPppPassword: true, connectionType: "RAS_PPP" });
    expect(JSON.stringify(s)).not.toContain("ppp-Secret-22");
    const row = await t.db.system.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.pppPasswordEnc).toMatch(/^enc:v1:/);
    expect(row.pppPasswordEnc).not.toContain("ppp-Secret-22");

    // A rename leaves connection type, SAT protocol and secrets alone (zod defaults must not fill in).
    const renamed = await admin.system.update({ id: s.id, data: { name: "Denver S8500 (main)" } });
    expect(renamed).toMatchObject({ name: "Denver S8500 (main)", satProtocol: "TELNET", connectionType: "RAS_PPP", hasPppPassword: true });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "system.update" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(audit.detail)).not.toContain("ppp-Secret-22");

    const cleared = await admin.system.update({ id: s.id, data: { pppPassword: "", satProtocol: "SSH" } });
    expect(cleared).toMatchObject({ hasPppPassword: false, satProtocol: "SSH" });
    await expect(admin.system.update({ id: s.id, data: { satProtocol: "FTP" as "SSH" } })).rejects.toThrow();
    await expect(callerAs(t.db, "TECHNICIAN").system.update({ id: s.id, data: { pppPassword: "x" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
