import { expect, type Page, request, test } from "@playwright/test";
import { PbxSat } from "../sim/pbx-sat.ts";
import { startSatTelnet, type TSatTelnetServer } from "../sim/pbx-sat-telnet.ts";
import { PbxSnmpOriginator } from "../sim/pbx-snmp.ts";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

// One simulated CM reached by telnet on a free port of this machine; the e2e node has no PBX of its own.
const PID = `31${String(Date.now() % 100_000_000).padStart(8, "0")}`;
const NAME = `Tasks CM ${PID.slice(-4)}`;
const PASSWORD = "crftpw01";
const COMMUNITY = "e2e-tasks-community";

let pbx: PbxSat;
let sat: TSatTelnetServer;
let traps: PbxSnmpOriginator;
let systemId: number;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  traps = new PbxSnmpOriginator({ host: "127.0.0.1", port: E2E.trapPort, community: COMMUNITY, productId: PID, name: NAME });
  // `test inads-link` places its test alarm (a trap to the node) 120 ms after the command instead of 2 minutes.
  pbx = new PbxSat({ productId: PID, users: { craft: PASSWORD }, timeScale: 0.001, sendTestAlarm: () => traps.testAlarm() });
  sat = await startSatTelnet(pbx);
  const ctx = await request.newContext();
  const r = await trpc<{ id: number }>(
    ctx,
    "system.create",
    {
      name: NAME,
      productId: PID,
      connectionType: "DIRECT_IP",
      ipAddress: "127.0.0.1",
      ipPort: sat.port,
      satProtocol: "TELNET",
      satLogin: "craft",
      satPassword: PASSWORD,
      snmpCommunity: COMMUNITY,
    },
    { token: E2E.token },
  );
  await ctx.dispose();
  if (!r.data) throw new Error(`system.create: ${JSON.stringify(r.body)}`);
  systemId = r.data.id;
});

test.afterAll(async () => {
  traps?.close();
  pbx?.close();
  await sat?.close();
});

const openSystem = async (page: Page) => {
  await page.goto("/systems");
  await page.getByRole("table", { name: "Systems" }).getByRole("link", { name: NAME }).click();
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
};

test("Connect now: a technician runs a SAT command and sees the OSSI answer as a table and the transcript, without the password", async ({
  page,
}) => {
  await loginAs(page, E2E.technician);
  await openSystem(page);
  const panel = page.getByRole("region", { name: "Connect now" });
  await panel.getByLabel("SAT command").fill("list station");
  await panel.getByRole("button", { name: "Run command" }).click();
  const table = panel.getByRole("table", { name: "OSSI list station" });
  await expect(table).toBeVisible({ timeout: 30_000 });
  // Each station of the simulated CM is a row (plus the heading row).
  await expect(table.locator("tbody tr")).toHaveCount(pbx.data.stations.length);
  await expect(table).toContainText(pbx.data.stations[0]?.extension ?? "?");
  await expect(panel.locator(".task-run")).toHaveAttribute("data-status", "PASSED");
  const transcript = panel.getByTestId("transcript");
  await expect(transcript).toContainText("c list station");
  await expect(transcript).not.toContainText(PASSWORD);
  expect(pbx.commands).toContain("list station");

  // A command the CM refuses is a FAILED run with its reason, shown as such.
  await panel.getByLabel("SAT command").fill("display nonsense");
  await panel.getByRole("button", { name: "Run command" }).click();
  await expect(panel.locator(".task-run")).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(panel.getByTestId("task-reason")).toContainText("the system refused 'display nonsense'");

  // Audited, with the command.
  const audit = await trpc<{ items: { action: string; detail: unknown }[] }>(
    page.context().request,
    "audit.list",
    { limit: 100 },
    { kind: "query", token: E2E.token },
  );
  expect(JSON.stringify(audit.body)).toContain("list station");
});

test("an INADS link test from the system's page passes when the test alarm arrives; the Systems list shows the result", async ({
  page,
}) => {
  await loginAs(page, E2E.technician);
  await openSystem(page);
  const panel = page.getByRole("region", { name: "INADS link test" });
  await panel.getByRole("button", { name: "Test INADS link" }).click();
  await expect(panel.locator(".task-run")).toHaveAttribute("data-status", "PASSED", { timeout: 45_000 });
  await expect(panel.getByTestId("last-inads")).toContainText("passed");
  expect(pbx.commands).toContain("test inads-link");
  await page.goto("/systems");
  await expect(page.getByRole("table", { name: "Systems" }).locator("tr", { hasText: PID })).toContainText("INADS passed");
});

test("configuration reports: run from the system's page, listed on the Reports page with the field diff, downloadable as text and CSV", async ({
  page,
}) => {
  await loginAs(page, E2E.technician);
  await openSystem(page);
  const panel = page.getByRole("region", { name: "Configuration reports" });
  const runReport = async () => {
    await panel.getByRole("button", { name: "Run a configuration report now" }).click();
    await expect(panel.locator(".task-run")).toHaveAttribute("data-status", "PASSED", { timeout: 45_000 });
  };
  await runReport();
  // The CM gains a station: the next report differs from the first in that row.
  pbx.data.stations.push({ extension: "4999", type: "9630", name: "E2E new phone", port: "01A0299", state: "in-service/idle" });
  await page.reload();
  await runReport();
  await expect(panel.getByRole("list", { name: "Stored configuration reports" }).locator("li")).toHaveCount(2);

  await page.goto("/reports");
  const rows = page.getByRole("table", { name: "Configuration reports" }).locator("tr", { hasText: NAME });
  await expect(rows).toHaveCount(2);
  const newest = rows.first();
  await expect(newest).toContainText("changed");
  await expect(rows.nth(1)).not.toContainText("changed");
  await newest.getByRole("button", { name: /Differences/ }).click();
  const changes = page.getByRole("table", { name: "Configuration changes" });
  await expect(changes).toContainText("list station");
  await expect(changes).toContainText("E2E new phone");

  const href = await newest.getByRole("link", { name: "CSV" }).getAttribute("href");
  expect(href).toMatch(/^\/api\/reports\/config\/\d+\?format=csv$/);
  const csv = await page.context().request.get(href ?? "");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("E2E new phone");
  const text = await page.context().request.get((href ?? "").replace("csv", "text"));
  expect(text.status()).toBe(200);
  expect(await text.text()).toContain("# list station");
  // Behind login.
  const anonymous = await request.newContext();
  expect((await anonymous.get(`${E2E.baseURL}${href}`)).status()).toBe(401);
  expect((await anonymous.get(`${E2E.baseURL}${(href ?? "").replace("csv", "pdf")}`)).status()).toBe(401);
  await anonymous.dispose();
  expect((await page.context().request.get((href ?? "").replace("csv", "pdf"))).status()).toBe(400);
});

test("the Tasks page lists the runs with filters and opens a run's transcript", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await page.goto("/tasks");
  const filters = page.getByRole("search", { name: "Task filters" });
  await filters.getByLabel("System").selectOption({ label: NAME });
  const table = page.getByRole("table", { name: "Task runs" });
  await expect(table.locator("tbody tr")).toHaveCount(5); // 2 commands, 1 INADS test, 2 reports
  await filters.getByLabel("Kind").selectOption("CONFIG_REPORT");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await filters.getByLabel("Status").selectOption("FAILED");
  await expect(page.getByText("No task runs.")).toBeVisible();
  await filters.getByLabel("Kind").selectOption("");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Connect now");
  await table.getByRole("button", { name: /^Open #/ }).click();
  await expect(table.getByTestId("task-reason")).toContainText("display nonsense");
  await expect(table.getByTestId("transcript")).toContainText("c display nonsense");
});

test("a viewer sees the system's page read-only, and the server refuses the viewer's task requests", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  await openSystem(page);
  await expect(page.getByRole("region", { name: "INADS link test" })).toContainText("passed");
  await expect(page.getByRole("region", { name: "Task history" }).getByRole("table", { name: "Task runs" })).toBeVisible();
  for (const name of ["Run command", "Test INADS link", "Run a configuration report now", "Save schedule"])
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Connect now" })).toHaveCount(0);
  const api = page.context().request;
  expect((await trpc(api, "task.run", { systemId, kind: "MANUAL_COMMAND", commands: ["display time"] })).status).toBe(403);
  expect((await trpc(api, "configSchedule.set", { systemId, frequency: "NIGHTLY" })).status).toBe(403);
  await page.goto("/tasks/rules");
  await expect(page.getByRole("table", { name: "Command rules" })).toContainText("DS1-BD");
  await expect(page.getByRole("button", { name: /^(Enable|Disable|Edit) / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New rule" })).toHaveCount(0);
});

test("an admin sets the configuration report schedule and edits a library command rule", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await openSystem(page);
  const schedule = page.getByRole("form", { name: "Configuration report schedule" });
  await schedule.getByLabel("Frequency").selectOption("NIGHTLY");
  await schedule.getByLabel("Commands (one a line)").fill("list station\ndisplay system-parameters customer-options");
  await schedule.getByRole("button", { name: "Save schedule" }).click();
  await expect(schedule.getByText("Saved.")).toBeVisible();
  const saved = await trpc<{ frequency: string; commands: string[]; enabled: boolean }>(
    page.context().request,
    "configSchedule.get",
    { systemId },
    { kind: "query" },
  );
  expect(saved.data).toMatchObject({
    frequency: "NIGHTLY",
    commands: ["list station", "display system-parameters customer-options"],
    enabled: true,
  });
  // A command Klaxon never sends is refused with the reason.
  await schedule.getByLabel("Commands (one a line)").fill("change station 4000");
  await schedule.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByRole("region", { name: "Configuration reports" }).getByRole("alert")).toContainText("not allowed");

  await page.goto("/tasks/rules");
  const rules = page.getByRole("table", { name: "Command rules" });
  const ds1 = rules.locator(`tr[data-rule^="DS1-BD:"]`);
  await expect(ds1).toContainText("disabled");
  await ds1.getByRole("button", { name: /^Edit / }).click();
  const form = page.getByRole("form", { name: /^Edit DS1-BD/ });
  await form.getByRole("button", { name: "Add a step" }).click();
  const step2 = form.getByRole("group", { name: "Step 2" });
  await step2.getByLabel("Command").fill("test port");
  await step2.getByLabel("Suffix").fill("long");
  await form.getByLabel("Resolve the alarm when every step passes").check();
  await form.getByLabel("Enabled").check();
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(ds1).toContainText("enabled");
  await expect(ds1).toContainText("test port <port> long");
  await ds1.getByRole("button", { name: /^Disable / }).click();
  await expect(ds1).toContainText("disabled");
});

test("the task pages fit 375, 768, 1280 and 1920 px without page-level horizontal scroll", async ({ browser, request: api }) => {
  test.setTimeout(240_000);
  // A finished run with a wide OSSI table (display alarms) to open on the Tasks page.
  const queued = await trpc<{ id: number }>(
    api,
    "task.run",
    { systemId, kind: "MANUAL_COMMAND", commands: ["display alarms"] },
    { token: E2E.token },
  );
  await expect
    .poll(
      async () =>
        (await trpc<{ status: string }>(api, "task.get", { id: queued.data?.id }, { kind: "query", token: E2E.token })).data?.status,
      {
        timeout: 30_000,
      },
    )
    .toBe("PASSED");
  for (const width of [375, 768, 1280, 1920]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await loginAs(page, E2E.admin);
    // Each page with its widest content loaded (polling pages never go network-idle).
    const loaded: Record<string, () => Promise<void>> = {
      [`/systems/${systemId}`]: () => expect(page.getByRole("table", { name: "Task runs" })).toBeVisible(),
      "/tasks": () => expect(page.getByRole("table", { name: "Task runs" })).toBeVisible(),
      "/tasks/rules": () => expect(page.getByRole("table", { name: "Command rules" })).toContainText("DS1-BD"),
      "/reports": () => expect(page.getByRole("table", { name: "Configuration reports" })).toBeVisible(),
      "/systems": () => expect(page.getByRole("table", { name: "Systems" })).toContainText(PID),
    };
    for (const [path, ready] of Object.entries(loaded)) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await ready();
      if (path === "/tasks")
        await page
          .getByRole("button", { name: /^Open #/ })
          .first()
          .click();
      if (path === "/tasks") await expect(page.getByTestId("transcript")).toBeVisible();
      const overflow = await page.evaluate((w) => document.documentElement.scrollWidth - w, width);
      expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await context.close();
  }
});
