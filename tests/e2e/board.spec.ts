import { expect, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

const ingest = (request: Parameters<typeof trpc>[0], alarm: Record<string, unknown>) =>
  trpc<{ created: number[] }>(request, "alarm.ingest", { alarms: [{ severity: "MAJOR", ...alarm }] }, { token: E2E.token });

test("an alarm arriving while the board is open appears without a reload", async ({ page }) => {
  await loginAs(page, E2E.technician);
  await page.goto("/alarms");
  await expect(page.getByTestId("live")).toHaveText("live");
  const marker = `E2E-LIVE-${Date.now()}`;
  const r = await ingest(page.context().request, { productId: "5550000001", maintObject: "DS1-BD", port: "01A05", description: marker });
  expect(r.status).toBe(200);
  await expect(page.getByRole("table", { name: "Alarms" })).toContainText(marker, { timeout: 5000 });
});

test("a technician acknowledges an alarm from the phone-sized board and the timeline shows it", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginAs(page, E2E.technician);
  const marker = `E2E-PHONE-${Date.now()}`;
  const r = await ingest(context.request, { productId: "5550000002", maintObject: "CO-TRK", port: "01B0203", description: marker });
  const id = r.data?.created[0];
  expect(id).toBeDefined();
  // Filtered to it: worst first, an acknowledged alarm sinks below every unacknowledged one (off page 1 in a storm).
  await page.goto(`/alarms?q=${marker}`);
  const card = page.locator(`[data-alarm-card="${id}"]`);
  await expect(card).toBeVisible();
  const ack = card.getByRole("button", { name: "Acknowledge" });
  const box = await ack.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await ack.tap();
  await expect(card).toContainText("acknowledged");
  await page.goto(`/alarms/${id}`);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("acknowledged");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(E2E.technician.email);
  await context.close();
});

test("a viewer sees alarms but gets no acknowledge buttons, and the API refuses", async ({ page }) => {
  await loginAs(page, E2E.viewer);
  const r = await ingest(page.context().request, { productId: "5550000003", maintObject: "POWER", description: "viewer-check" });
  await page.goto("/alarms");
  await expect(page.getByRole("table", { name: "Alarms" })).toContainText("viewer-check");
  await expect(page.locator(`tr[data-alarm-id="${r.data?.created[0]}"]`).getByRole("button", { name: "Ack" })).toHaveCount(0);
  const refused = await trpc(page.context().request, "alarm.acknowledge", { ids: r.data?.created });
  expect(refused.status).toBe(403);
});

test("a real SNMP trap sent while the board is open appears without a reload", async ({ page }) => {
  const snmp = (await import("net-snmp")).default;
  await loginAs(page, E2E.technician);
  await page.goto("/alarms");
  await expect(page.getByTestId("live")).toHaveText("live");
  const port = `0${Date.now() % 100000}`.slice(-5);
  const session = snmp.createSession("127.0.0.1", "public", { trapPort: E2E.trapPort, version: snmp.Version2c });
  const col = "1.3.6.1.4.1.6889.2.8.1.4.6.1";
  const varbinds = [
    { oid: `${col}.18.1`, type: snmp.ObjectType.OctetString, value: "5550000009" },
    { oid: `${col}.17.1`, type: snmp.ObjectType.OctetString, value: "42" },
    { oid: `${col}.3.1`, type: snmp.ObjectType.OctetString, value: "TDM-BUS" },
    { oid: `${col}.1.1`, type: snmp.ObjectType.OctetString, value: port },
    { oid: `${col}.6.1`, type: snmp.ObjectType.OctetString, value: "MAJOR" },
  ];
  await new Promise<void>((resolve, reject) =>
    session.trap("1.3.6.1.4.1.6889.1.8.1.0.2", varbinds, (err: Error | null) => (err ? reject(err) : resolve())),
  );
  session.close();
  const row = page.getByRole("table", { name: "Alarms" }).locator("tr", { hasText: port });
  await expect(row).toContainText("TDM-BUS", { timeout: 5000 });
  await expect(row).toContainText("MAJOR");
});

test("CSV export follows the board's filter", async ({ request }) => {
  const marker = `E2E-CSV-${Date.now()}`;
  await ingest(request, { productId: "5550000011", maintObject: "SYNC", description: `${marker}, with a comma` });
  const filter = encodeURIComponent(JSON.stringify({ q: marker }));
  const unauth = await request.get(`/api/alarms/export?filter=${filter}`);
  expect(unauth.status()).toBe(401);
  const res = await request.get(`/api/alarms/export?filter=${filter}`, { headers: { authorization: `Bearer ${E2E.token}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const lines = (await res.text()).trim().split("\n");
  expect(lines[0]).toMatch(/^id,status,severity/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"${marker}, with a comma"`);
});

test("a malformed trap is not lost silently: it is listed under Rejected intake with its reason", async ({ page }) => {
  const dgram = await import("node:dgram");
  const sock = dgram.createSocket("udp4");
  const garbage = Buffer.from(`not an snmp packet ${Date.now()}`);
  await new Promise<void>((resolve, reject) => sock.send(garbage, E2E.trapPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  sock.close();
  await loginAs(page, E2E.viewer);
  await page.goto("/alarms");
  await page.getByRole("link", { name: "Rejected intake" }).click();
  await expect(page).toHaveURL(/\/alarms\/rejected$/);
  const table = page.getByRole("table", { name: "Rejected intake" });
  await expect(async () => {
    await page.reload();
    await expect(table).toContainText(garbage.toString("hex").slice(0, 40), { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(table).toContainText("SNMP");
});
