import { expect, type Page, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

const PHONE = { width: 375, height: 740 };

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("at 375 px no page is wider than the phone, the filters stay inside, and unknown product IDs do not bury the alarms", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginAs(page, E2E.admin);
  const stamp = Date.now() % 10_000_000;
  const alarms = Array.from({ length: 8 }, (_, i) => ({
    productId: `66${String(stamp * 10 + i).padStart(8, "0")}`.slice(0, 10),
    severity: "MINOR",
    maintObject: "ANL-LINE",
  }));
  expect((await trpc(context.request, "alarm.ingest", { alarms }, { token: E2E.token })).status).toBe(200);

  await page.goto("/alarms");
  await expect(page.getByTestId("live")).toHaveText("live");
  const banner = page.getByLabel("Unknown product IDs");
  await expect(banner.getByText("more", { exact: false })).toBeVisible();
  const shown = banner.getByRole("button", { name: "Create system" });
  const visible = await shown.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
  expect(visible).toBeLessThanOrEqual(5);
  for (const input of await page.getByRole("search").locator("input, select").all()) {
    const box = await input.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  }
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);

  for (const path of ["/cluster", "/systems", "/users", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await pageOverflow(page), path).toBeLessThanOrEqual(0);
  }
  await context.close();
});
