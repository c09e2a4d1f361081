import { describe, expect, it } from "vitest";
import { csvHeader, csvRows, dedupKeyOf } from "../../lib/alarms/index.ts";
import { roleAllows } from "../../lib/auth/index.ts";
import { loadEnv } from "../../lib/config/index.ts";
import { decryptSecret, encryptSecret } from "../../lib/secrets/index.ts";

describe("dedup key", () => {
  it("is product ID, maintenance object, port and alarm type, case and blanks aside", () => {
    const a = dedupKeyOf({ productId: "1000000001", maintObject: "ds1-bd", port: " 01A05", alarmType: "major", severity: "MAJOR" });
    const b = dedupKeyOf({ productId: "1000000001", maintObject: "DS1-BD", port: "01A05", alarmType: "MAJOR", severity: "MAJOR" });
    expect(a).toBe(b);
    expect(dedupKeyOf({ productId: "1000000001", maintObject: "DS1-BD", port: "01A06", alarmType: "MAJOR", severity: "MAJOR" })).not.toBe(
      b,
    );
  });
  it("uses a decoder's own key when one is given", () => {
    expect(dedupKeyOf({ severity: "INFO", dedupKey: "G|abc" })).toBe("G|abc");
  });
});

describe("CSV export", () => {
  it("quotes separators and defuses spreadsheet formulas", () => {
    const out = csvRows([{ id: 1, description: 'a,b "c"', maintObject: "=HYPERLINK(1)", lastSeenAt: new Date("2026-01-02T03:04:05Z") }]);
    expect(out).toContain('"a,b ""c"""');
    expect(out).toContain("'=HYPERLINK(1)");
    expect(out).toContain("2026-01-02T03:04:05.000Z");
    expect(csvHeader().split(",")[0]).toBe("id");
  });
});

describe("roles", () => {
  it("admin ⊇ technician ⊇ viewer", () => {
    expect(roleAllows("ADMIN", "TECHNICIAN")).toBe(true);
    expect(roleAllows("TECHNICIAN", "ADMIN")).toBe(false);
    expect(roleAllows("VIEWER", "VIEWER")).toBe(true);
    expect(roleAllows("VIEWER", "TECHNICIAN")).toBe(false);
  });
});

describe("secret box", () => {
  const key = Buffer.alloc(32, 3);
  it("round-trips and never stores the clear text", () => {
    const enc = encryptSecret(key, "craft01");
    expect(enc).not.toContain("craft01");
    expect(decryptSecret(key, enc)).toBe("craft01");
    expect(encryptSecret(key, "craft01")).not.toBe(enc);
  });
  it("refuses a tampered value or the wrong key", () => {
    const enc = encryptSecret(key, "secret");
    expect(() => decryptSecret(Buffer.alloc(32, 4), enc)).toThrow();
    expect(() => decryptSecret(key, `${enc.slice(0, -4)}AAAA`)).toThrow();
  });
});

describe("environment", () => {
  it("rejects a bad value with the variable's name", () => {
    expect(() => loadEnv({ PORT: "http" } as unknown as NodeJS.ProcessEnv)).toThrow(/PORT/);
  });
  it("treats an empty variable as unset", () => {
    expect(loadEnv({ DATABASE_URL: "" } as unknown as NodeJS.ProcessEnv).DATABASE_URL).toBeUndefined();
  });
});

describe("secret key", () => {
  it("a node given KLAXON_SECRET_KEY=<the key file's text> decrypts what a node using the file encrypted", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { loadSecretKey } = await import("../../lib/secrets/index.ts");
    const dir = mkdtempSync(path.join(tmpdir(), "klaxon-key-"));
    const fromFile = loadSecretKey({ dataDir: dir });
    const fromEnv = loadSecretKey({ dataDir: "/nonexistent", secretKey: readFileSync(path.join(dir, "secret.key"), "utf8") });
    expect(decryptSecret(fromEnv, encryptSecret(fromFile, "sat-pw"))).toBe("sat-pw");
  });
});
