import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

test("an admin adds a system, edits it, and the SAT password never comes back", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/systems");
  const add = page.getByRole("form", { name: "Add a system" });
  await add.getByLabel("Name").fill("Chicago G3si");
  await add.getByLabel("Product ID (10 digits)").fill("1000000777");
  await add.getByLabel("Connection").selectOption("MODEM");
  await add.getByLabel("Modem number").fill("13125550177");
  await add.getByLabel("SAT login").fill("craft");
  await add.getByLabel("SAT password").fill("secret-craft-pw");
  await add.getByRole("button", { name: "Add system" }).click();
  const row = page.getByRole("table", { name: "Systems" }).locator("tr", { hasText: "1000000777" });
  await expect(row).toContainText("craft (password set)");
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit system" });
  await edit.getByLabel("Name").fill("Chicago G3si (main)");
  await edit.getByRole("button", { name: "Save system" }).click();
  await expect(row).toContainText("Chicago G3si (main)");
  await expect(row).toContainText("craft (password set)");
  const listed = await trpc(page.context().request, "system.list", undefined, { kind: "query" });
  expect(JSON.stringify(listed.body)).not.toContain("secret-craft-pw");
});

test("an admin adds a RAS/PPP system reached by telnet; the PPP password never comes back", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/systems");
  const add = page.getByRole("form", { name: "Add a system" });
  await add.getByLabel("Name").fill("Denver S8500");
  await add.getByLabel("Product ID (10 digits)").fill("2000000888");
  await add.getByLabel("Connection").selectOption("RAS_PPP");
  await add.getByLabel("Modem number").fill("13035550188");
  await add.getByLabel("SAT over IP").selectOption("TELNET");
  await add.getByLabel("PPP user").fill("rasklaxon");
  await add.getByLabel("PPP password").fill("secret-ppp-pw");
  await add.getByRole("button", { name: "Add system" }).click();
  const row = page.getByRole("table", { name: "Systems" }).locator("tr", { hasText: "2000000888" });
  await expect(row).toContainText("13035550188 (SAT by telnet)");
  const listed = await trpc<{ productId: string }[]>(page.context().request, "system.list", undefined, { kind: "query" });
  const mine = listed.data?.find((x) => x.productId === "2000000888");
  expect(mine).toMatchObject({ satProtocol: "TELNET", pppUser: "rasklaxon", hasPppPassword: true });
  expect(JSON.stringify(listed.body)).not.toContain("secret-ppp-pw");
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit system" });
  await expect(edit.getByLabel("SAT over IP")).toHaveValue("TELNET");
  await edit.getByLabel("Name").fill("Denver S8500 (main)");
  await edit.getByRole("button", { name: "Save system" }).click();
  await expect(row).toContainText("Denver S8500 (main)");
  await expect(row).toContainText("(SAT by telnet)");
});

test("alarms from an unknown product ID become a system with one click", async ({ page }) => {
  await loginAs(page, E2E.admin);
  const unknownId = `77${Date.now() % 100000000}`.padEnd(10, "0").slice(0, 10);
  await trpc(
    page.context().request,
    "alarm.ingest",
    { alarms: [{ productId: unknownId, severity: "MINOR", maintObject: "RING-GEN" }] },
    { token: E2E.token },
  );
  // Filtered to it: worst first, a new minor alarm may be pages down when other tests left majors behind.
  await page.goto(`/alarms?q=${unknownId}`);
  const banner = page.getByLabel("Unknown product IDs");
  await expect(banner).toContainText(unknownId);
  await banner.locator("span", { hasText: unknownId }).getByRole("button", { name: "Create system" }).click();
  await expect(page.getByRole("table", { name: "Alarms" }).locator("tr", { hasText: "RING-GEN" }).first()).toContainText(
    `System ${unknownId}`,
  );
});
