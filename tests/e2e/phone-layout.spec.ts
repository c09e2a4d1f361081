import { expect, type Page, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

const PHONE = { width: 375, height: 740 };

// Against the phone's width, not innerWidth: a mobile viewport widens to fit content that overflows.
const pageOverflow = (page: Page) => page.evaluate((w) => document.documentElement.scrollWidth - w, PHONE.width);

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

  // A long unbroken trap value in the raw report scrolls inside its box on the detail page.
  const marker = `raw${Date.now()}${"x".repeat(120)}`;
  const snmp = (await import("net-snmp")).default;
  const session = snmp.createSession("127.0.0.1", "public", { trapPort: E2E.trapPort, version: snmp.Version2c });
  await new Promise<void>((resolve, reject) =>
    session.trap(
      "1.3.6.1.4.1.9999.42",
      [{ oid: "1.3.6.1.4.1.9999.42.1", type: snmp.ObjectType.OctetString, value: marker }],
      (err: Error | null) => (err ? reject(err) : resolve()),
    ),
  );
  session.close();
  let trapId: number | undefined;
  await expect
    .poll(async () => {
      const r = await trpc<{ items: { id: number }[] }>(context.request, "alarm.list", { q: marker }, { kind: "query", token: E2E.token });
      trapId = r.data?.items[0]?.id;
      return trapId;
    })
    .toBeDefined();
  for (const path of [`/alarms/${trapId}`, "/cluster", "/systems", "/users", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await pageOverflow(page), path).toBeLessThanOrEqual(0);
  }
  await context.close();
});
