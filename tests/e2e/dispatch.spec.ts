import { expect, type Page, test } from "@playwright/test";
import { startSmtpCatcher, type TSmtpCatcher } from "../support/smtp-catcher.ts";
import { waitFor } from "../support/wait-for.ts";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

const WIDTHS = [375, 768, 1280, 1920];
const overflow = (page: Page, width: number) => page.evaluate((w) => document.documentElement.scrollWidth - w, width);
const PRODUCT = "9300000001";
// The page's own alerts: Next's route announcer is an empty alert too.
const alertWith = (page: Page, text: string) => page.getByRole("alert").filter({ hasText: text });

test.describe.configure({ mode: "serial" });

let smtp: TSmtpCatcher;
test.beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
test.afterAll(async () => smtp.close());

test("an admin sets up contacts, a 2-level policy, a silence, an alternate alarm type and SMTP; an alarm is mailed, shown as sent and acknowledged from the mail's link", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await loginAs(page, E2E.admin);

  // Contacts: bad input is refused by the server with the reason, then a good contact is added.
  await page.goto("/contacts");
  const form = page.getByRole("form", { name: "Add a contact" });
  await form.getByLabel("Name").fill("E2E On call");
  await form.getByLabel("Email").fill("oncall@localhost"); // the browser lets it through, the server does not
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(alertWith(page, "not an email address")).toContainText("expected name@example.com");
  await form.getByLabel("Email").fill("oncall@example.com");
  await form.getByLabel("Pager type").selectOption("TAP");
  await form.getByLabel("Pager number").fill("5550200");
  await form.getByLabel("Pager ID (TAP)").fill("40-01!");
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(alertWith(page, "pager ID")).toContainText("1-16 letters or digits");
  await form.getByLabel("Pager ID (TAP)").fill("4001");
  await form.getByRole("button", { name: "Add contact" }).click();
  const contacts = page.getByRole("table", { name: "Contacts" });
  await expect(contacts.locator("tr").filter({ hasText: "E2E On call" })).toContainText("TAP 5550200 / 4001");
  await expect(alertWith(page, "pager ID")).toHaveCount(0);

  // A policy with two levels: at once, and after 30 minutes.
  await page.goto("/escalation");
  const policy = page.getByRole("form", { name: "New escalation policy" });
  await policy.getByLabel("Name").fill("E2E dispatch");
  await policy.getByLabel("Maintenance object (glob)").fill("E2E*");
  await policy.getByRole("group", { name: "Level 1" }).getByLabel("E2E On call").check();
  const level2 = policy.getByRole("group", { name: "Level 2" });
  await level2.getByLabel("After (minutes from first seen)").fill("30");
  await level2.getByLabel("E2E On call").check();
  await policy.getByRole("button", { name: "Create policy" }).click();
  const row = page.getByRole("table", { name: "Escalation policies" }).locator("tr").filter({ hasText: "E2E dispatch" });
  await expect(row).toContainText("MO E2E*");
  await expect(row).toContainText("1: after 0 min → E2E On call by email");
  await expect(row).toContainText("2: after 30 min → E2E On call by email");

  // A silence and an alternate alarm type.
  const silence = page.getByRole("form", { name: "New silence" });
  await silence.getByLabel("Maintenance object (glob)").fill("E2EQUIET*");
  await silence.getByLabel("Comment").fill("e2e carrier work");
  await silence.getByRole("button", { name: "Silence" }).click();
  await expect(page.getByRole("table", { name: "Silences" }).locator("tr").filter({ hasText: "MO E2EQUIET*" })).toContainText("active");
  const alt = page.getByRole("form", { name: "Set alternate alarm type" });
  await alt.getByLabel("Maintenance object").fill("E2ENONE");
  await alt.getByLabel("Type").selectOption("NONE");
  await alt.getByRole("button", { name: "Set" }).click();
  await expect(page.getByRole("table", { name: "Alternate alarm types" }).locator("tr").filter({ hasText: "E2ENONE" })).toContainText(
    "NONE",
  );

  // SMTP to the catcher this test started; the test email arrives.
  await page.goto("/settings");
  const smtpForm = page.getByRole("form", { name: "SMTP settings" });
  await smtpForm.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await smtpForm.getByRole("spinbutton", { name: "Port" }).fill(String(smtp.port));
  await smtpForm.getByLabel("Encryption").selectOption("NONE");
  await smtpForm.getByLabel("From", { exact: true }).fill("Klaxon <alarms@example.com>");
  await smtpForm.getByRole("button", { name: "Save SMTP" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SMTP" })).toContainText("SMTP settings saved.");
  const testForm = page.getByRole("form", { name: "Send test email" });
  await testForm.getByLabel("Send a test email to").fill("desk@example.com");
  await testForm.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test email" })).toContainText("Test email accepted by the server");
  expect(smtp.mails.some((m) => m.to.includes("desk@example.com"))).toBe(true);

  // Alarms over HTTP with the bootstrap token: one notified, one silenced, one of type NONE.
  const r = await trpc(
    page.context().request,
    "alarm.ingest",
    {
      alarms: [
        { productId: PRODUCT, severity: "MAJOR", maintObject: "E2EDISP-BD", port: "01A05", description: "e2e dispatch" },
        { productId: PRODUCT, severity: "MAJOR", maintObject: "E2EQUIET-BD", port: "01A06" },
        { productId: PRODUCT, severity: "MAJOR", maintObject: "E2ENONE", port: "01A07" },
      ],
    },
    { token: E2E.token },
  );
  expect(r.status).toBe(200);
  const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes("oncall@example.com")), 60_000, 200);
  expect(mail.text).toContain("E2EDISP-BD");
  const alarmId = Number(mail.headers.get("x-klaxon-alarm"));

  await expect(async () => {
    await page.goto("/notifications");
    const n = page
      .getByRole("table", { name: "Notifications" })
      .locator("tr")
      .filter({ hasText: `#${alarmId}` });
    await expect(n).toContainText("E2E On call", { timeout: 2000 });
    await expect(n.locator('[data-status="SENT"]')).toHaveText("sent", { timeout: 2000 });
  }).toPass({ timeout: 30_000 });

  // The acknowledge link: opening it changes nothing, the one button acknowledges.
  const link = /\/ack\/[^\s"<]+/.exec(mail.text)?.[0] as string;
  expect(link).toBeTruthy();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Acknowledge alarm" })).toBeVisible();
  const get = async (id: number) =>
    (await trpc<{ status: string; silencedBy: unknown }>(page.context().request, "alarm.get", { id }, { kind: "query" })).data;
  expect((await get(alarmId))?.status).toBe("ACTIVE");
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status")).toContainText("Acknowledged as E2E On call");
  expect((await get(alarmId))?.status).toBe("ACKNOWLEDGED");

  // The silenced alarm is stored, shown with a badge, and not mailed; nor is the NONE one.
  const list = await trpc<{ items: { id: number; maintObject: string; silencedBy: { comment: string } | null }[] }>(
    page.context().request,
    "alarm.list",
    { productId: PRODUCT },
    { kind: "query" },
  );
  const quiet = list.data?.items.find((a) => a.maintObject === "E2EQUIET-BD");
  const none = list.data?.items.find((a) => a.maintObject === "E2ENONE");
  expect(quiet?.silencedBy).toMatchObject({ comment: "e2e carrier work" });
  await page.goto(`/alarms/${quiet?.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Silenced");
  await expect(page.getByText("Not notified while silence")).toContainText("e2e carrier work");
  const mailed = new Set(smtp.mails.map((m) => m.headers.get("x-klaxon-alarm")));
  expect(mailed.has(String(quiet?.id))).toBe(false);
  expect(mailed.has(String(none?.id))).toBe(false);
});

test("a viewer sees the dispatcher pages read-only and the API refuses their changes (403)", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await page.goto("/contacts");
  await expect(page.getByRole("table", { name: "Contacts" }).locator("tr").filter({ hasText: "E2E On call" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a contact" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await page.goto("/escalation");
  await expect(page.getByRole("table", { name: "Escalation policies" }).locator("tr").filter({ hasText: "E2E dispatch" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Silences" }).locator("tr").filter({ hasText: "E2EQUIET*" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Message template" })).toBeVisible();
  for (const name of ["New escalation policy", "New silence", "Set alternate alarm type"])
    await expect(page.getByRole("form", { name })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Delete|Remove|End now|Save template/ })).toHaveCount(0);

  const req = page.context().request;
  const calls: [string, unknown][] = [
    ["contact.create", { name: "Mallory", email: "m@example.com" }],
    ["escalation.create", { name: "x", levels: [{ afterSec: 0, contactIds: [1], channels: ["EMAIL"] }] }],
    ["silence.create", { match: { maintObject: "X*" }, durationMin: 5 }],
    ["moOverride.set", { maintObject: "X", alarmType: "DROP" }],
    ["settings.setSmtp", { host: "evil.example.com", port: 25, secure: false, from: "a@example.com" }],
    ["template.save", { template: { subject: "x", body: "x", html: "", pagerText: "x" } }],
  ];
  for (const [path, input] of calls) expect((await trpc(req, path, input)).status, path).toBe(403);
});

test("Contacts, Escalation, Notifications and the acknowledge page fit 375, 768, 1280 and 1920 px without sideways scrolling", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 500, hasTouch: width < 500 });
    const page = await context.newPage();
    await loginAs(page, E2E.admin);
    for (const path of ["/contacts", "/escalation", "/notifications", "/ack/not-a-token"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await overflow(page, width), `${path} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await context.close();
  }
});
