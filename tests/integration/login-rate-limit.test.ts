import { describe, expect, it } from "vitest";
import { createUser, login } from "../../lib/auth/index.ts";
import { FREE_ATTEMPTS, MAX_ACCOUNTS_PER_ADDRESS } from "../../lib/auth/login-throttle.ts";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? "error",
  );

// Throttling that slows a guesser and never locks the owner out (issue 10, item 6).
describe("login throttling without lock-out", () => {
  const t = useTestDatabase("login_rate_limit");
  const wrong = (email: string, ip: string) => login(t.db, { email, password: "wrong-wrong", ip });

  it("guesses at one account from one address never stop its owner logging in from elsewhere", async () => {
    await createUser(t.db, { email: "owner@example.com", name: "O", password: "owner-right-1", role: "ADMIN" });
    for (let i = 0; i < 12; i++) await outcome(wrong("owner@example.com", "203.0.113.9"));
    const s = await login(t.db, { email: "owner@example.com", password: "owner-right-1", ip: "10.9.9.9" });
    expect(s.user.email).toBe("owner@example.com");
  });

  it("at the guessing address each attempt waits longer, and the right password works once the wait is over", async () => {
    const ip = "10.1.1.1"; // a NAT or the reverse proxy in front of Klaxon
    await createUser(t.db, { email: "typo@example.com", name: "T", password: "typo-right-1", role: "VIEWER" });
    await createUser(t.db, { email: "other@example.com", name: "O", password: "other-right-1", role: "TECHNICIAN" });
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await outcome(wrong("typo@example.com", ip))).toBe("UNAUTHENTICATED");
    const early = await login(t.db, { email: "typo@example.com", password: "typo-right-1", ip }).catch((e) => e);
    expect(early).toMatchObject({ code: "RATE_LIMITED" });
    expect(String(early.message)).toMatch(/try again in [12] s/);
    // Someone else behind the same address is not slowed at all.
    expect((await login(t.db, { email: "other@example.com", password: "other-right-1", ip })).user.email).toBe("other@example.com");
    await new Promise((r) => setTimeout(r, 2200));
    expect((await login(t.db, { email: "typo@example.com", password: "typo-right-1", ip })).user.email).toBe("typo@example.com");
    // A success starts the account over: the next typo costs nothing.
    expect(await outcome(wrong("typo@example.com", ip))).toBe("UNAUTHENTICATED");
  });

  it("parallel guesses cannot pass the limit: check and count are one statement", async () => {
    await createUser(t.db, { email: "burst@example.com", name: "B", password: "burst-right-1", role: "VIEWER" });
    const results = await Promise.all(Array.from({ length: 24 }, () => outcome(wrong("burst@example.com", "10.3.3.3"))));
    expect(results.filter((r) => r === "UNAUTHENTICATED")).toHaveLength(FREE_ATTEMPTS);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(24 - FREE_ATTEMPTS);
  }, 60_000);

  it("an address spraying guesses over many accounts is stopped at new accounts; an admin sees it and lifts it", async () => {
    const ip = "10.2.2.2";
    await createUser(t.db, { email: "target@example.com", name: "X", password: "target-right-1", role: "ADMIN" });
    for (let i = 0; i < MAX_ACCOUNTS_PER_ADDRESS; i++) expect(await outcome(wrong(`guess${i}@example.com`, ip))).toBe("UNAUTHENTICATED");
    const refused = await login(t.db, { email: "target@example.com", password: "target-right-1", ip }).catch((e) => e);
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect(String(refused.message)).toMatch(/too many accounts tried from your address/);
    // The same account elsewhere is fine.
    expect((await login(t.db, { email: "target@example.com", password: "target-right-1", ip: "10.2.2.3" })).user.role).toBe("ADMIN");

    const viewer = callerAs(t.db, "VIEWER");
    await expect(viewer.user.loginThrottles()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = callerAs(t.db, "ADMIN");
    const listed = await admin.user.loginThrottles();
    const address = listed.find((r) => r.account === null && r.address === ip);
    expect(address?.accounts).toHaveLength(MAX_ACCOUNTS_PER_ADDRESS);
    expect(address?.blockedUntil).toBeInstanceOf(Date);
    expect((await admin.user.unlockLogin({ address: ip })).cleared).toBeGreaterThan(0);
    expect((await login(t.db, { email: "target@example.com", password: "target-right-1", ip })).user.email).toBe("target@example.com");
    expect(await t.db.auditLog.count({ where: { action: "auth.login.unlock", target: ip } })).toBe(1);
  }, 60_000);
});
