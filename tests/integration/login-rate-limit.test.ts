import { describe, expect, it } from "vitest";
import { createUser, login } from "../../lib/auth/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

describe("login rate limit per account and per address", () => {
  const t = useTestDatabase("login_rate_limit");

  it("one user's typos lock that account, not everyone else behind the same address", async () => {
    const ip = "10.1.1.1"; // a NAT or the reverse proxy in front of Klaxon
    await createUser(t.db, { email: "typo@example.com", name: "T", password: "typo-right-1", role: "VIEWER" });
    await createUser(t.db, { email: "other@example.com", name: "O", password: "other-right-1", role: "TECHNICIAN" });
    for (let i = 0; i < 5; i++) {
      await expect(login(t.db, { email: "typo@example.com", password: "wrong-wrong", ip })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    await expect(login(t.db, { email: "typo@example.com", password: "typo-right-1", ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const s = await login(t.db, { email: "other@example.com", password: "other-right-1", ip });
    expect(s.user.email).toBe("other@example.com");
  });

  it("an address spraying guesses over many accounts is still stopped", async () => {
    const ip = "10.2.2.2";
    await createUser(t.db, { email: "target@example.com", name: "X", password: "target-right-1", role: "ADMIN" });
    for (let i = 0; i < 30; i++) {
      await expect(login(t.db, { email: `guess${i}@example.com`, password: "pw", ip })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(login(t.db, { email: "target@example.com", password: "target-right-1", ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  }, 60_000);
});
