import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

test("an unknown address gets a 404 page in the app's style with a way back; the app has a favicon", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  const res = await page.goto("/no-such-page-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: /Back to the alarm board/ }).click();
  await expect(page).toHaveURL(/\/alarms$/);
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(icon).toBeTruthy();
  const fetched = await page.request.get(icon ?? "");
  expect(fetched.status()).toBe(200);
  expect(fetched.headers()["content-type"]).toContain("image/svg+xml");
});

test("Rejected intake is in the navigation", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await page.goto("/alarms");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rejected intake" }).click();
  await expect(page.getByRole("heading", { name: "Rejected intake" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rejected intake" })).toHaveClass(/active/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alarms", exact: true })).not.toHaveClass(/active/);
});

test("a viewer changes their own password in Settings; the old one stops working", async ({ page, request }) => {
  const who = { email: `pw${Date.now()}@example.com`, password: "first-password-1" };
  const created = await trpc(request, "user.create", { ...who, name: "pw viewer", role: "VIEWER" }, { token: E2E.token });
  expect(created.status).toBe(200);
  await loginAs(page, who);
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill("wrong-password");
  await form.getByLabel("New password", { exact: true }).fill("second-password-2");
  await form.getByLabel("New password again").fill("second-password-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "current password is wrong" })).toBeVisible();
  await form.getByLabel("Current password").fill(who.password);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
  expect((await trpc(request, "auth.login", who)).status).not.toBe(200);
  expect((await trpc(request, "auth.login", { ...who, password: "second-password-2" })).status).toBe(200);
});

test("the Systems form sets SNMPv3 user, protocols and keys (never shown back) and deletes a system", async ({ page }) => {
  await loginAs(page, E2E.admin);
  const productId = `88${String(Date.now() % 100_000_000).padStart(8, "0")}`;
  await page.goto("/systems");
  const add = page.getByRole("form", { name: "Add a system" });
  await add.getByLabel("Name").fill(`v3 ${productId}`);
  await add.getByLabel("Product ID (10 digits)").fill(productId);
  await add.getByLabel("SNMP version").selectOption("V3");
  await add.getByLabel("SNMPv3 user").fill("klaxon-v3");
  await add.getByLabel("SNMPv3 auth protocol").selectOption("SHA");
  await add.getByLabel(/SNMPv3 auth key/).fill("auth-key-secret-1");
  await add.getByLabel("SNMPv3 privacy protocol").selectOption("AES");
  await add.getByLabel(/SNMPv3 privacy key/).fill("priv-key-secret-1");
  await add.getByRole("button", { name: "Add system" }).click();
  const row = page.getByRole("table", { name: "Systems" }).locator("tr", { hasText: productId });
  await expect(row).toContainText("V3 user klaxon-v3");
  type TSys = {
    productId: string;
    snmpV3AuthProtocol: string;
    snmpV3PrivProtocol: string;
    hasSnmpV3AuthKey: boolean;
    hasSnmpV3PrivKey: boolean;
  };
  const listed = await trpc<TSys[]>(page.context().request, "system.list", undefined, { kind: "query" });
  expect(JSON.stringify(listed.body)).not.toContain("key-secret");
  expect(listed.data?.find((s) => s.productId === productId)).toMatchObject({
    snmpV3AuthProtocol: "SHA",
    snmpV3PrivProtocol: "AES",
    hasSnmpV3AuthKey: true,
    hasSnmpV3PrivKey: true,
  });
  // Editing shows the keys as set and changes the user without touching them.
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit system" });
  await expect(edit.getByLabel(/SNMPv3 auth key/)).toHaveValue("");
  await expect(edit).toContainText("SNMPv3 auth key (set; empty keeps it)");
  await edit.getByLabel("SNMPv3 user").fill("klaxon-v3b");
  await edit.getByRole("button", { name: "Save system" }).click();
  await expect(row).toContainText("V3 user klaxon-v3b");
  const after = await trpc<TSys[]>(page.context().request, "system.list", undefined, { kind: "query" });
  expect(after.data?.find((s) => s.productId === productId)).toMatchObject({ hasSnmpV3AuthKey: true, hasSnmpV3PrivKey: true });

  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: `Delete system v3 ${productId}` }).click();
  await expect(row).toHaveCount(0);
  const gone = await trpc<TSys[]>(page.context().request, "system.list", undefined, { kind: "query" });
  expect(gone.data?.some((s) => s.productId === productId)).toBe(false);
});

test("Cluster page: the roles button reads Edit > Server Roles", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/cluster");
  await expect(page.getByRole("button", { name: "Edit server roles of e2e" })).toHaveText("Edit > Server Roles");
});

test("an API alarm without a description shows its maintenance object; the timeline names the node once", async ({ page, request }) => {
  await loginAs(page, E2E.technician);
  const r = await trpc<{ created: number[] }>(
    request,
    "alarm.ingest",
    { alarms: [{ productId: "5552220001", severity: "MINOR", maintObject: "NODESC-MO", port: "07C" }] },
    { token: E2E.token },
  );
  const id = r.data?.created[0] ?? 0;
  expect((await trpc(page.context().request, "alarm.acknowledge", { ids: [id], comment: "looking" })).status).toBe(200);
  expect((await trpc(page.context().request, "alarm.resolve", { ids: [id] })).status).toBe(200);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/alarms?q=NODESC-MO&status=all");
  const card = page.locator(`[data-alarm-card="${id}"]`);
  await expect(card).toContainText("NODESC-MO");
  await expect(card).not.toContainText("×1");
  await page.goto(`/alarms/${id}`);
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("resolved");
  expect(await timeline.locator("li").count()).toBeGreaterThanOrEqual(3);
  expect(((await timeline.textContent()) ?? "").match(/on e2e/g)).toHaveLength(1);
});
