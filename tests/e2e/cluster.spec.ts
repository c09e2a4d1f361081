import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

test("the roles editor changes a node's roles and the Cluster page shows the running node's answer", async ({ page }) => {
  await loginAs(page, E2E.admin);
  await page.goto("/cluster");
  const nodes = page.getByRole("table", { name: "Cluster nodes" });
  await expect(nodes.getByTestId("state-e2e")).toHaveText("online");
  await expect(page.getByTestId("primary-e2e")).toContainText("primary");

  // Taking primary eligibility away: the worker gives the lease up on its own within seconds.
  await nodes.getByRole("button", { name: "Edit server roles of e2e" }).click();
  const editor = page.getByRole("region", { name: "Server roles of e2e" });
  await editor.getByLabel("Primary eligible").uncheck();
  await editor.getByLabel("Pager outdialing").uncheck();
  await editor.getByRole("button", { name: "Save roles" }).click();
  const warnings = page.getByRole("list", { name: "Cluster warnings" });
  await expect(warnings).toContainText("No live node can do pager outdialing.");
  await expect(warnings).toContainText("No live node is primary-eligible");
  await expect(page.getByTestId("primary-e2e")).not.toContainText("primary", { timeout: 8000 });
  await expect(page.getByTestId("roles-e2e")).not.toContainText("Pager outdialing");
  await expect(page.getByRole("list", { name: "Cluster events" })).toContainText("gave up the primary lease");

  // Back: the node takes the lease again and the warnings clear.
  await editor.getByLabel("Primary eligible").check();
  await editor.getByLabel("Pager outdialing").check();
  await editor.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByTestId("primary-e2e")).toContainText("primary", { timeout: 8000 });
  await expect(page.getByRole("list", { name: "Cluster warnings" })).toHaveCount(0);

  // The change is audited with the admin as actor.
  const audit = await trpc<{ items: { action: string; actorName: string }[] }>(
    page.context().request,
    "audit.list",
    { limit: 50 },
    { kind: "query" },
  );
  expect(audit.data?.items.some((a) => a.action === "cluster.node.roles" && a.actorName === E2E.admin.email)).toBe(true);
});

test("a technician sees the cluster but has no role editor, and the API refuses the change", async ({ page }) => {
  await loginAs(page, E2E.technician);
  await page.goto("/cluster");
  await expect(page.getByRole("table", { name: "Cluster nodes" }).getByTestId("state-e2e")).toHaveText("online");
  await expect(page.getByRole("button", { name: "Edit server roles of e2e" })).toHaveCount(0);
  const r = await trpc(page.context().request, "cluster.setRoles", { name: "e2e", roles: { taskPagerDial: false } });
  expect(r.status).toBe(403);
});
