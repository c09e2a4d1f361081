import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../lib/auth/index.ts";
import { FREE_ATTEMPTS } from "../../lib/auth/login-throttle.ts";
import { FAST_ENV } from "../support/cluster-harness.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { klaxonStart, type TKlaxonStart } from "../support/klaxon-start.ts";

const ADMIN = { email: "admin@example.com", password: "correct horse battery" };

/**
 * Behind a reverse proxy every request comes from the proxy's address: without the client's own
 * address, one guesser would slow every user's login. With KLAXON_TRUST_FORWARDED_FOR the node
 * takes it from the X-Forwarded-For its (trusted, here loopback) proxy writes.
 */
describe("a node behind a reverse proxy (KLAXON_TRUST_FORWARDED_FOR=true): login throttling per real client", () => {
  const t = useTestDatabase("forwarded_for");
  let node: TKlaxonStart;
  beforeAll(async () => {
    node = await klaxonStart({
      DATABASE_URL: t.url,
      ...FAST_ENV,
      NODE_NAME: "behind-proxy",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      KLAXON_TRUST_FORWARDED_FOR: "true",
    });
    await node.ready();
  }, 300_000);
  afterAll(() => node?.killGroup());

  const login = (body: { email: string; password: string }, forwardedFor: string) =>
    fetch(`http://127.0.0.1:${node.port}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify(body),
    });

  it("a guesser's client address is slowed; another client behind the same proxy logs in; what a client prepends is ignored", async () => {
    await createUser(t.db, { email: "desk@example.com", name: "Desk", password: "desk-right-1", role: "VIEWER" });
    const wrong = { email: "desk@example.com", password: "wrong-wrong" };
    // The client forges a first hop; the proxy appends the address it saw.
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await login(wrong, `192.0.2.77, 203.0.113.5`)).status).toBe(401);
    const slowed = await login({ email: "desk@example.com", password: "desk-right-1" }, "203.0.113.5");
    expect(slowed.status).toBe(429);
    expect(await slowed.text()).toMatch(/try again in/);
    const other = await login({ email: "desk@example.com", password: "desk-right-1" }, "198.51.100.7");
    expect(other.status).toBe(200);

    const admin = await login(ADMIN, "198.51.100.8");
    const cookie = (admin.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const throttles = await fetch(`http://127.0.0.1:${node.port}/api/trpc/user.loginThrottles`, { headers: { cookie } });
    const text = await throttles.text();
    expect(text).toContain("203.0.113.5");
    expect(text).not.toContain("192.0.2.77");
  }, 120_000);
});
