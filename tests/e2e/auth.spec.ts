import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

test("health answers without login and names the node", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", node: "e2e", db: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

test("the API answers 401 without credentials and works with a bearer token", async ({ request }) => {
  const anonymous = await trpc(request, "alarm.list", {}, { kind: "query" });
  expect(anonymous.status).toBe(401);
  const withToken = await trpc<{ items: unknown[] }>(request, "alarm.list", {}, { kind: "query", token: E2E.token });
  expect(withToken.status).toBe(200);
  expect(Array.isArray(withToken.data?.items)).toBe(true);
});

test("a user logs in with the form, lands on the alarm board, and logs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(E2E.technician.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("p.error")).toContainText("wrong email or password");
  await page.getByLabel("Password").fill(E2E.technician.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/alarms$/);
  await expect(page.getByRole("heading", { name: "Alarms" })).toBeVisible();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/alarms");
  await expect(page).toHaveURL(/\/login$/);
});

test("pages run under the node's Content-Security-Policy: no script or style is blocked", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  page.on("pageerror", (e) => blocked.push(e.message));
  const res = await page.goto("/login");
  expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await loginAs(page, E2E.technician);
  for (const path of ["/alarms", "/systems", "/cluster"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
  }
  expect(blocked).toEqual([]);
});

test("a viewer cannot open Users, and the server refuses the call too", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await page.goto("/users");
  await expect(page.locator("p.error")).toContainText("admin role");
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
  const direct = await trpc(page.context().request, "user.list", undefined, { kind: "query" });
  expect(direct.status).toBe(403);
});

test("an admin sees the Users page", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/users");
  await expect(page.getByRole("table", { name: "Users" })).toContainText(E2E.viewer.email);
});

test("metrics need a token or an allowed address, and a forged X-Forwarded-For is not one", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { "x-forwarded-for": E2E.metricsAllow } })).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { "x-klaxon-client-ip": E2E.metricsAllow } })).status()).toBe(401);
  const ok = await request.get("/api/metrics", { headers: { authorization: `Bearer ${E2E.token}` } });
  expect(ok.status()).toBe(200);
  const text = await ok.text();
  expect(text).toContain("klaxon_alarms");
  expect(text).toMatch(/klaxon_node_is_primary \d/);
});
