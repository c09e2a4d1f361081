import { expect, type Page, test } from "@playwright/test";
import { startSmtpCatcher } from "../support/smtp-catcher.ts";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

const WIDTHS = [375, 768, 1280, 1920];
const overflow = (page: Page, width: number) => page.evaluate((w) => document.documentElement.scrollWidth - w, width);

test("Maintenance page: run now starts a backup on the primary and the run appears with its node, status and size", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/maintenance");
  const backups = page.getByRole("region", { name: "Auto backups" });
  await expect(backups).toBeVisible();
  await expect(page.getByRole("region", { name: "Auto archiving" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Auto alarm reporting" })).toBeVisible();

  // A window and settings saved from the page are what the API reports.
  await backups.getByLabel("Keep").fill("5");
  await backups.getByLabel("Window").fill("daily 01:30 Europe/Berlin");
  await backups.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Auto backups saved.");
  const list = await trpc<{ kind: string; schedule: string; settings: { keep: number } }[]>(
    page.context().request,
    "maintenance.list",
    undefined,
    {
      kind: "query",
    },
  );
  expect(list.data?.find((r) => r.kind === "BACKUP")).toMatchObject({ schedule: "daily 01:30 Europe/Berlin", settings: { keep: 5 } });

  await backups.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByRole("status")).toContainText("Auto backups: started on the primary.");
  const runs = page.getByRole("table", { name: "Recent runs" });
  const row = runs.locator("tbody tr").filter({ hasText: "Auto backups" }).first();
  await expect(row).toContainText("PASSED", { timeout: 60_000 });
  await expect(row).toContainText("e2e");
  await expect(row).toContainText(/\d+(\.\d)? (KB|MB)/);
  await expect(row).toContainText(".dump in");
  await expect(row).toContainText("manual");
});

test("a bad window is refused with the reason, and a viewer cannot run or change routines", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/maintenance");
  const archiving = page.getByRole("region", { name: "Auto archiving" });
  await archiving.getByLabel("Window").fill("daily 02:00 Mars/Olympus");
  await archiving.getByRole("button", { name: "Save" }).click();
  // Next's route announcer is an empty alert too: look for the page's own.
  await expect(page.getByRole("alert").filter({ hasText: "schedule:" })).toContainText('unknown time zone "Mars/Olympus"');

  await loginAs(page, E2E.viewer);
  await page.goto("/maintenance");
  await expect(page.getByRole("region", { name: "Auto archiving" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  expect((await trpc(page.context().request, "maintenance.runNow", { kind: "ARCHIVE" })).status).toBe(403);
});

test("Reports page lists sent alarm reports newest first, each downloadable as sent", async ({ page }) => {
  const smtp = await startSmtpCatcher();
  try {
    await loginAs(page, E2E.admin);
    const req = page.context().request;
    const setSmtp = await trpc(req, "settings.setSmtp", {
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "",
      password: "",
      from: "klaxon@example.com",
    });
    expect(setSmtp.status).toBe(200);
    const name = `E2E report ${Date.now()}`;
    const created = await trpc<{ id: number }>(req, "alarmReport.create", { name, recipients: ["noc@example.com"], frequency: "WEEKLY" });
    expect(created.status).toBe(200);
    const sent = await trpc<{ status: string; detail: string }>(req, "alarmReport.sendNow", { id: created.data?.id });
    expect(sent.data?.status, sent.data?.detail).toBe("PASSED");
    expect(smtp.mails.some((m) => m.to.includes("noc@example.com"))).toBe(true);

    await page.goto("/reports");
    const table = page.getByRole("table", { name: "Alarm reports sent" });
    const first = table.locator("tbody tr").first();
    await expect(first).toContainText(name);
    await expect(first).toContainText("SENT");
    await expect(first).toContainText("noc@example.com");
    const href = await first.getByRole("link", { name: "HTML" }).getAttribute("href");
    const html = await req.get(`${E2E.baseURL}${href}`);
    expect(html.status()).toBe(200);
    expect(html.headers()["content-disposition"]).toMatch(/attachment; filename="klaxon-report-\d+-E2E_report/);
    expect(await html.text()).toContain(name);
    const csv = await req.get(`${E2E.baseURL}${href?.replace("format=html", "format=csv")}`);
    expect((await csv.text()).split("\n")[0]).toMatch(/^id,status,severity/);
  } finally {
    await smtp.close();
  }
});

test("Maintenance, Reports and the alarm archive fit 375, 768, 1280 and 1920 px without sideways scrolling", async ({ browser }) => {
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 500, hasTouch: width < 500 });
    const page = await context.newPage();
    await loginAs(page, E2E.admin);
    for (const path of ["/maintenance", "/reports", "/alarms/archive"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await overflow(page, width), `${path} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await context.close();
  }
});

test("the board links to the archive, which searches archived alarms", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/alarms");
  await page.getByRole("link", { name: "Archive" }).click();
  await expect(page.getByRole("heading", { name: "Alarm archive" })).toBeVisible();
  const r = await trpc<{ items: unknown[]; nextCursor: number | null }>(
    page.context().request,
    "alarm.list",
    { archived: true, limit: 5 },
    { kind: "query" },
  );
  expect(r.status).toBe(200);
  expect(Array.isArray(r.data?.items)).toBe(true);
});
