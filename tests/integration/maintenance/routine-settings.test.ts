import { describe, expect, it } from "vitest";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

describe("maintenance.update settings", () => {
  const t = useTestDatabase("routine-settings");

  it("a misspelt or foreign setting is refused with its name, and nothing is saved", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.maintenance.update({ kind: "ARCHIVE", settings: { afterDays: 30 } });
    await expect(admin.maintenance.update({ kind: "ARCHIVE", settings: { afterdays: 10 } })).rejects.toThrow(
      /settings\.afterdays: not a setting of ARCHIVE/,
    );
    await expect(admin.maintenance.update({ kind: "BACKUP", settings: { afterDays: 10 } })).rejects.toThrow(
      /settings\.afterDays: not a setting of BACKUP \(it has dir, keep\)/,
    );
    const row = await t.db.maintenanceSetting.findUnique({ where: { kind: "ARCHIVE" } });
    expect(row?.settings).toMatchObject({ afterDays: 30 });
  });

  it("known settings still merge into the current ones", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.maintenance.update({ kind: "BACKUP", settings: { keep: 3 } });
    await admin.maintenance.update({ kind: "BACKUP", settings: { dir: "/var/backups/klaxon" } });
    const row = await t.db.maintenanceSetting.findUnique({ where: { kind: "BACKUP" } });
    expect(row?.settings).toMatchObject({ keep: 3, dir: "/var/backups/klaxon" });
  });
});
