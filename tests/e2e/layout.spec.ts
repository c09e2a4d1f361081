import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";
import { layoutProblems } from "./layout-check.ts";

const WIDTHS = [
  { width: 375, height: 740, phone: true },
  { width: 768, height: 1024, phone: true },
  { width: 1280, height: 800, phone: false },
  { width: 1920, height: 1080, phone: false },
] as const;

const SHOTS = "tests/e2e/screenshots";
// The board and the Cluster page at each width are kept in git as the proof; the other pages'
// shots go to the ignored pages/ folder (every run rewrites them: noise in a diff).
const KEPT = new Set(["alarms", "cluster"]);

test("every page fits 375, 768, 1280 and 1920 px: no sideways page scroll, nothing outside or cut, no word broken mid-letter", async ({
  browser,
  request,
}) => {
  test.setTimeout(600_000);
  const stamp = Date.now();
  // A desk's worth of alarms, long names included, so the tables and cards have something to squeeze.
  const alarms = [
    ["CRITICAL", "DS1-BD", "01A05", "DS1 interface board lost its framing to the central office"],
    ["MAJOR", "CO-TRK", "01B0203", "Trunk group out of service, all members busied out"],
    ["MAJOR", "TDM-BUS", "02A", null],
    ["MINOR", "ANL-LINE", "01C1104", "Analog line station ringer failure"],
    ["WARNING", "POWER", "03", "Battery on float charge longer than expected"],
    ["INFO", "SYNC", null, "Clock synchronisation reference switched"],
  ].map(([severity, maintObject, port, description], i) => ({
    productId: `77${String((stamp + i) % 100_000_000).padStart(8, "0")}`,
    severity,
    maintObject,
    port,
    description,
  }));
  const r = await trpc<{ created: number[] }>(request, "alarm.ingest", { alarms }, { token: E2E.token });
  expect(r.status).toBe(200);
  const alarmId = r.data?.created[0];
  const system = await trpc<{ id: number }>(
    request,
    "system.create",
    { name: "Layout Definity G3r (main building)", productId: `66${String(stamp % 100_000_000).padStart(8, "0")}` },
    { token: E2E.token },
  );
  expect(system.status).toBe(200);
  // A finished backup puts a long file path in the Maintenance page's run table (a run inside the
  // 02:00 backup window made this test depend on the time of day).
  const run = await trpc<{ id: number }>(request, "maintenance.runNow", { kind: "BACKUP" }, { token: E2E.token });
  // 409: the routine is running by itself (its daily window); that run serves as well.
  expect([200, 409]).toContain(run.status);
  await expect
    .poll(
      async () => {
        const runs = await trpc<{ items: { id: number; status: string }[] }>(
          request,
          "maintenance.runs",
          { kind: "BACKUP", limit: 20 },
          { kind: "query", token: E2E.token },
        );
        return runs.data?.items.some((x) => x.status === "PASSED") ? "PASSED" : "not yet";
      },
      { timeout: 60_000 },
    )
    .toBe("PASSED");

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginAs(page, E2E.admin);
  await page.goto("/alarms");
  // Every page the navigation offers (so pages added later are checked too), plus those reached from others.
  const navPaths = await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link")
    .evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
  const paths = [...new Set([...navPaths, `/alarms/${alarmId}`, "/alarms/archive", `/systems/${system.data?.id}`, "/no-such-page"])];
  expect(paths).toEqual(expect.arrayContaining(["/alarms", "/alarms/rejected", "/cluster", "/users", "/settings", "/systems"]));
  await context.close();

  const failures: string[] = [];
  for (const size of WIDTHS) {
    const ctx = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      isMobile: size.phone && size.width < 500,
      hasTouch: size.phone,
    });
    const p = await ctx.newPage();
    await loginAs(p, E2E.admin);
    for (const path of paths) {
      await p.goto(path);
      await expect(p.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await p.waitForLoadState("networkidle");
      if (path === "/alarms") await expect(p.getByTestId("live")).toHaveText("live");
      const problems = await layoutProblems(p, size.width);
      for (const x of problems) failures.push(`${size.width}px ${path}: ${x.kind} ${x.what}`);
      const slug = path.replace(/^\//, "").replace(/\//g, "-") || "home";
      await p.screenshot({ path: `${SHOTS}/${KEPT.has(slug) ? "widths" : "pages"}/${slug}-${size.width}.png`, fullPage: true });
    }
    await ctx.close();
  }
  expect(failures).toEqual([]);
});

test("the board at 1280 px shows last seen, source and the actions; on a phone the first alarm card is on the first screen", async ({
  browser,
}) => {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
  const page = await desk.newPage();
  await loginAs(page, E2E.technician);
  const marker = `LAYOUT-${Date.now()}`;
  const r = await trpc<{ created: number[] }>(
    desk.request,
    "alarm.ingest",
    { alarms: [{ productId: "5551230001", severity: "CRITICAL", maintObject: "PKT-INT", port: "01A", description: marker }] },
    { token: E2E.token },
  );
  const id = r.data?.created[0];
  await page.goto(`/alarms?q=${marker}`);
  const row = page.locator(`tr[data-alarm-id="${id}"]`);
  await expect(row).toBeVisible();
  for (const cell of [
    page.getByRole("columnheader", { name: "Last seen" }),
    page.getByRole("columnheader", { name: "Source" }),
    row.getByRole("button", { name: "Ack" }),
    row.getByRole("button", { name: "Resolve" }),
  ]) {
    const box = await cell.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(1280);
  }
  // The age sits beside the time.
  await expect(row.getByTestId("last-seen")).toContainText(/now|\d+ s|\d+ min/);
  await page.goto("/alarms");
  await expect(page.locator("tr.alarm").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/alarm-board.png` });
  await desk.close();

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, colorScheme: "dark" });
  const p = await phone.newPage();
  await loginAs(p, E2E.technician);
  await p.goto("/alarms");
  const first = p.locator("[data-alarm-card]").first();
  await expect(first).toBeVisible();
  const box = await first.boundingBox();
  expect(box?.y ?? 9999).toBeLessThan(740 - 120);
  const card = p.locator(`[data-alarm-card="${id}"]`);
  await expect(card).toContainText("CRITICAL");
  await expect(card).toContainText("PKT-INT");
  await expect(card).toContainText("01A");
  await expect(card.getByTestId("card-age")).toHaveText(/now|\d+ s|\d+ min/);
  const ack = card.getByRole("button", { name: "Acknowledge" });
  expect((await ack.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
  await p.screenshot({ path: `${SHOTS}/alarm-board-phone.png` });
  const darkBackground = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await phone.close();

  // The theme follows the device: the same page on a device that prefers light is light.
  const light = await browser.newContext({ viewport: { width: 375, height: 740 }, colorScheme: "light" });
  const l = await light.newPage();
  await loginAs(l, E2E.technician);
  await l.goto("/alarms");
  const lightBackground = await l.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBackground).toBe("rgb(15, 20, 25)");
  expect(lightBackground).toBe("rgb(244, 246, 248)");
  await light.close();
});
