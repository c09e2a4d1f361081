import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

test("a product ID that is not 10 digits is listed as unknown, flagged, with no Create system button", async ({ page }) => {
  const forged = `10${Date.now() % 1000}' OR 1=1--`;
  const good = `77${String(Date.now()).slice(-8)}`;
  for (const productId of [forged, good]) {
    const r = await trpc(page.context().request, "alarm.ingest", { alarms: [{ severity: "MINOR", productId, maintObject: "TDM-BUS" }] }, { token: E2E.token });
    expect(r.status).toBe(200);
  }
  await loginAs(page, E2E.admin);
  await page.goto("/alarms");
  const list = page.getByLabel("Unknown product IDs");
  // An entry: the product ID's <code> and, beside it, its count, flag and button.
  const entry = (pid: string) => list.locator("code", { hasText: pid }).locator("xpath=..");
  if (await list.locator("details").count()) await list.locator("details > summary").click();
  await expect(entry(forged)).toContainText("not a product ID");
  await expect(entry(forged).getByRole("button", { name: "Create system" })).toHaveCount(0);
  await expect(entry(good).getByRole("button", { name: "Create system" })).toHaveCount(1);
});

test("/alarms/abc and an alarm that does not exist show a not-found page, not 'Alarm NaN'", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await page.goto("/alarms/abc");
  await expect(page.getByRole("heading", { name: "Alarm not found" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("NaN");
  await page.goto("/alarms/99999999999");
  await expect(page.getByRole("heading", { name: "Alarm not found" })).toBeVisible();
  await page.goto("/alarms/2147483000");
  await expect(page.getByRole("heading", { name: "Alarm not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "← Alarms" })).toBeVisible();
});

// The server side (a stopping node cuts its event streams at once) is tests/integration/http-hardening.test.ts;
// here the feed opens and then ends, as it does when the node stops.
test("the board says 'reconnecting' as soon as its live feed ends, and 'live' once it is back", async ({ page }) => {
  await page.route("**/api/alarms/stream", (route) =>
    route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: "retry: 3000\n\n" }),
  );
  await loginAs(page, E2E.technician);
  await page.goto("/alarms");
  await expect(page.getByTestId("live")).toHaveText("reconnecting…");
  await page.unroute("**/api/alarms/stream");
  await expect(page.getByTestId("live")).toHaveText("live", { timeout: 15_000 });
});
