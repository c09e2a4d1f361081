import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { loginAs, trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

type TAlarm = { productId: string; severity: string; maintObject?: string; port?: string; description?: string };

/** Ingests through the HTTP API with the bootstrap token, at most 1,000 a call (the API's limit). */
async function ingest(request: APIRequestContext, alarms: TAlarm[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < alarms.length; i += 1000) {
    const r = await trpc<{ created: number[] }>(request, "alarm.ingest", { alarms: alarms.slice(i, i + 1000) }, { token: E2E.token });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    ids.push(...(r.data?.created ?? []));
  }
  return ids;
}

const stats = async (request: APIRequestContext, filter: Record<string, unknown>) =>
  (
    await trpc<{ byStatus: Record<string, number>; activeBySeverity: Record<string, number>; total: number }>(
      request,
      "alarm.stats",
      filter,
      {
        kind: "query",
        token: E2E.token,
      },
    )
  ).data;

test("after the event stream drops and reopens, the board reloads and shows what changed meanwhile; the indicator says so", async ({
  page,
}) => {
  await loginAs(page, E2E.technician);
  const marker = `E2E-RECONNECT-${Date.now()}`;
  let opened = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/alarms/stream", async (route) => {
    opened += 1;
    // The first stream opens and ends at once (as when a web process restarts); the next waits for the gate.
    if (opened === 1) return route.fulfill({ status: 200, contentType: "text/event-stream", body: "retry: 300\n\n" });
    await gate;
    await route.continue();
  });
  await page.goto(`/alarms?q=${marker}`);
  await expect(page.getByTestId("live")).toHaveText("reconnecting…");
  await expect(page.getByText("No alarms match.")).toBeVisible();
  await ingest(page.context().request, [{ productId: "5551110001", severity: "MAJOR", maintObject: "DS1-BD", description: marker }]);
  // No stream, no news: the board still shows nothing for the marker.
  await page.waitForTimeout(1500);
  await expect(page.getByText("No alarms match.")).toBeVisible();
  release();
  await expect(page.getByTestId("live")).toHaveText("live");
  await expect(page.getByRole("table", { name: "Alarms" })).toContainText(marker);
});

test("the role comes from the server session: buttons and selection boxes are right without auth.me, and viewers get none", async ({
  browser,
  request,
}) => {
  const marker = `E2E-ROLE-${Date.now()}`;
  const [id] = await ingest(request, [{ productId: "5551110002", severity: "MAJOR", maintObject: "POWER", description: marker }]);
  for (const who of [E2E.technician, E2E.viewer]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await loginAs(page, who);
    // auth.me never answers: a board that waited for it would show a technician nothing to click.
    await page.route(/\/api\/trpc\/[^?]*auth\.me/, () => {});
    const html = await (await context.request.get("/alarms")).text();
    await page.goto(`/alarms?q=${marker}`);
    const row = page.locator(`tr[data-alarm-id="${id}"]`);
    await expect(row).toContainText(marker);
    if (who === E2E.technician) {
      expect(html).toContain('aria-label="Bulk actions"');
      await expect(row.getByRole("button", { name: "Ack" })).toBeVisible();
      await expect(row.getByRole("checkbox")).toBeVisible();
    } else {
      expect(html).not.toContain('aria-label="Bulk actions"');
      await expect(page.getByRole("checkbox", { name: /Select/ })).toHaveCount(0);
      // The three sort headers are the table's only buttons.
      await expect(page.getByRole("table", { name: "Alarms" }).getByRole("button")).toHaveCount(3);
      await expect(page.getByRole("button", { name: /Acknowledge|Resolve|Select all/ })).toHaveCount(0);
    }
    // The alarm's own page too: its actions follow the session, not auth.me.
    await page.goto(`/alarms/${id}`);
    await expect(page.getByText(marker)).toBeVisible();
    if (who === E2E.technician) await expect(page.getByRole("button", { name: "Acknowledge" })).toBeVisible();
    else await expect(page.getByRole("button", { name: /Acknowledge|Resolve/ })).toHaveCount(0);
    await context.close();
  }
});

test("filters live in the URL: search as you type, severity card, survive a reload; a saved view brings them back", async ({ page }) => {
  await loginAs(page, E2E.technician);
  const marker = `urlview${Date.now()}`;
  await ingest(page.context().request, [
    { productId: "5551110003", severity: "MAJOR", maintObject: "CO-TRK", port: "01A01", description: `${marker} major` },
    { productId: "5551110003", severity: "MINOR", maintObject: "ANL-LINE", port: "01A02", description: `${marker} minor` },
  ]);
  await page.goto("/alarms");
  const table = page.getByRole("table", { name: "Alarms" });
  // Typed, never submitted: the board follows after a short pause.
  await page.getByLabel("Search alarms").pressSequentially(marker, { delay: 20 });
  await expect(page).toHaveURL(new RegExp(`[?&]q=${marker}`));
  await expect(table.locator("tr.alarm")).toHaveCount(2);
  await page.getByTestId("count-MAJOR").click();
  await expect(page).toHaveURL(/severity=MAJOR/);
  await expect(table.locator("tr.alarm")).toHaveCount(1);
  await expect(table).toContainText(`${marker} major`);
  await page.reload();
  await expect(page.getByLabel("Search alarms")).toHaveValue(marker);
  await expect(page.getByTestId("count-MAJOR")).toHaveAttribute("aria-pressed", "true");
  await expect(table.locator("tr.alarm")).toHaveCount(1);

  const name = `majors ${marker}`;
  page.once("dialog", (d) => d.accept(name));
  await page.getByRole("button", { name: "Save view…" }).click();
  const views = page.getByRole("navigation", { name: "Saved views" });
  await expect(views.getByRole("button", { name, exact: true })).toBeVisible();
  await page.goto("/alarms");
  await expect(page).toHaveURL(/\/alarms$/);
  await views.getByRole("button", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(page).toHaveURL(/severity=MAJOR/);
  await expect(table.locator("tr.alarm")).toHaveCount(1);
  const mine = await trpc<{ name: string }[]>(page.context().request, "savedView.list", undefined, { kind: "query" });
  expect(mine.data?.map((v) => v.name)).toContain(name);
  page.once("dialog", (d) => d.accept());
  await views.getByRole("button", { name: `Delete view ${name}` }).click();
  await expect(views.getByRole("button", { name, exact: true })).toHaveCount(0);
});

async function fakeAlerts(page: Page) {
  await page.context().grantPermissions(["notifications"]);
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: { title: string; body?: string }[]; __tones: number };
    w.__notes = [];
    w.__tones = 0;
    class FakeNotification {
      // A browser remembers the grant across reloads; so does the fake.
      static permission = sessionStorage.getItem("e2e-notify-granted") ? "granted" : "default";
      static async requestPermission() {
        FakeNotification.permission = "granted";
        sessionStorage.setItem("e2e-notify-granted", "1");
        return "granted";
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        w.__notes.push({ title, body: options?.body });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", { value: FakeNotification, configurable: true });
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__tones += 1;
      return create.call(this);
    };
  });
}

test("klaxon and notifications for new alarms at or above the chosen severity; the title counts unacknowledged critical/major; new rows flash", async ({
  page,
}) => {
  await fakeAlerts(page);
  await loginAs(page, E2E.technician);
  await page.goto("/alarms");
  await expect(page.getByTestId("live")).toHaveText("live");
  await page.getByRole("checkbox", { name: "Sound" }).check();
  await page.getByRole("checkbox", { name: "Notify" }).check();
  await page.getByLabel("Alert at severity").selectOption("CRITICAL");
  const marker = `E2E-ALERT-${Date.now()}`;
  const [, critId] = await ingest(page.context().request, [
    { productId: "5551110004", severity: "MAJOR", maintObject: "MAJ-MO", description: `${marker} major` },
    { productId: "5551110004", severity: "CRITICAL", maintObject: "CRIT-MO", description: `${marker} critical` },
  ]);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes.length)).toBe(1);
  const notes = await page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
  expect(notes[0]?.title).toContain("CRITICAL");
  expect(notes[0]?.body).toContain(`${marker} critical`);
  expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(1);
  // The new critical row is highlighted, then not.
  const row = page.locator(`tr[data-alarm-id="${critId}"]`);
  await expect(row).toHaveClass(/fresh/);
  await expect(row).not.toHaveClass(/fresh/, { timeout: 12_000 });
  const s = await stats(page.context().request, {});
  const urgent = (s?.activeBySeverity.CRITICAL ?? 0) + (s?.activeBySeverity.MAJOR ?? 0);
  await expect(page).toHaveTitle(`(${urgent}) Alarms · Klaxon`);
  // Remembered by this browser.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Sound" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Notify" })).toBeChecked();
  await expect(page.getByLabel("Alert at severity")).toHaveValue("CRITICAL");
  // After a reload the browser plays nothing until someone touches the page: the board says so,
  // and the first click arms the klaxon.
  await expect(page.getByTestId("live")).toHaveText("live");
  await expect(page.getByTestId("sound-hint")).toBeVisible();
  await page.getByRole("heading", { name: "Alarms", level: 1 }).click();
  await expect(page.getByTestId("sound-hint")).toBeHidden();
  // One critical after a burst of 40 newer minors is still announced (the newest 25 are all minors).
  const burst = `E2E-BURST-${Date.now()}`;
  await ingest(page.context().request, [
    { productId: "5551110004", severity: "CRITICAL", maintObject: "BURST-CRIT", description: `${burst} critical` },
    ...Array.from({ length: 40 }, (_, i) => ({
      productId: "5551110004",
      severity: "MINOR",
      maintObject: "BURST-MIN",
      port: `M${i}`,
      description: `${burst} minor ${i}`,
    })),
  ]);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notes: { body: string }[] }).__notes.map((n) => n.body).join("|")))
    .toContain(`${burst} critical`);
  expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(1);
});

test("select all 2,000 alarms that match the filter and acknowledge them in one action, audited once", async ({ page }) => {
  test.setTimeout(180_000);
  await loginAs(page, E2E.technician);
  const marker = `bulk${Date.now()}`;
  await ingest(
    page.context().request,
    Array.from({ length: 2000 }, (_, i) => ({
      productId: "5551110005",
      severity: i % 7 === 0 ? "MAJOR" : "MINOR",
      maintObject: "STATION",
      port: `B${i}`,
      description: `${marker} station ${i}`,
    })),
  );
  await page.goto(`/alarms?q=${marker}`);
  await expect(page.getByTestId("matching")).toHaveText("2,000 match");
  await page.getByRole("button", { name: "Select all 2,000 that match this filter" }).click();
  await expect(page.getByTestId("bulk-scope")).toContainText("All 2,000 alarms that match this filter are selected");
  const bulk = page.getByLabel("Bulk actions");
  await bulk.getByLabel("Comment").fill(`storm handled ${marker}`);
  await bulk.getByRole("button", { name: "Acknowledge 2,000" }).click();
  await expect(page.getByTestId("notice")).toHaveText("Acknowledged 2,000 alarms");
  const s = await stats(page.context().request, { q: marker });
  expect(s?.byStatus).toMatchObject({ ACTIVE: 0, ACKNOWLEDGED: 2000 });
  const audit = await trpc<{ items: { action: string; target: string | null; actorName: string }[] }>(
    page.context().request,
    "audit.list",
    { limit: 50 },
    { kind: "query", token: E2E.token },
  );
  const entries = audit.data?.items.filter((a) => a.action === "alarm.acknowledgeMatching" && a.target === "2000 alarms") ?? [];
  expect(entries).toHaveLength(1);
  expect(entries[0]?.actorName).toBe(E2E.technician.email);
});

test("storm: 5,000 alarms, and the critical ones are on the first screen of the default board", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  // The criticals come first, so by "last seen" 4,994 minors and majors would bury them.
  const criticals = Array.from({ length: 6 }, (_, i) => ({
    productId: "5551110006",
    severity: "CRITICAL",
    maintObject: "PN-LINK",
    port: `C${i}`,
    description: `storm${stamp} critical ${i}`,
  }));
  const rest = Array.from({ length: 4994 }, (_, i) => ({
    productId: "5551110006",
    severity: i % 10 === 0 ? "MAJOR" : "MINOR",
    maintObject: "ANL-LINE",
    port: `S${i}`,
    description: `storm${stamp} line ${i}`,
  }));
  const critIds = await ingest(request, criticals);
  await ingest(request, rest);
  expect(critIds).toHaveLength(6);
  const newest = Math.max(...critIds);

  for (const size of [
    { width: 1280, height: 800, mobile: false },
    { width: 375, height: 740, mobile: true },
  ]) {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      isMobile: size.mobile,
      hasTouch: size.mobile,
    });
    const page = await context.newPage();
    await loginAs(page, E2E.technician);
    await page.goto("/alarms");
    const sel = (id: number) => (size.mobile ? `[data-alarm-card="${id}"]` : `tr[data-alarm-id="${id}"]`);
    const items = page.locator(size.mobile ? "[data-alarm-card]" : "tr.alarm");
    // The newest critical heads the board.
    await expect(items.first()).toHaveAttribute(size.mobile ? "data-alarm-card" : "data-alarm-id", String(newest));
    const onScreen = await items.evaluateAll(
      (els, h) =>
        els
          .filter((e) => e.getBoundingClientRect().top < h)
          .map((e) => ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"].findIndex((sev) => (e.textContent ?? "").includes(sev))),
      size.height,
    );
    expect(onScreen.length).toBeGreaterThanOrEqual(1);
    expect(onScreen[0]).toBe(0);
    // Worst first down the screen: never a lesser severity above a worse one.
    expect(onScreen).toEqual([...onScreen].sort((x, y) => x - y));
    if (!size.mobile) {
      // At desk size all six of the storm's criticals are on the first screen.
      for (const id of critIds) {
        const box = await page.locator(sel(id)).boundingBox();
        expect((box?.y ?? 9999) + (box?.height ?? 0), `alarm ${id}`).toBeLessThanOrEqual(size.height);
      }
    }
    await context.close();
  }
});

test("compact density (the default) makes the rows shorter than comfortable, and this browser remembers the choice", async ({ page }) => {
  await loginAs(page, E2E.technician);
  const marker = `compact${Date.now()}`;
  const [id] = await ingest(page.context().request, [
    { productId: "5551110007", severity: "MAJOR", maintObject: "CO-TRK", port: "01A01", description: `${marker} trunk` },
  ]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/alarms?q=${marker}`);
  const row = page.locator(`tr[data-alarm-id="${id}"]`);
  await expect(row).toBeVisible();
  const height = async () => (await row.boundingBox())?.height ?? 0;
  const compact = page.getByRole("checkbox", { name: "Compact" });
  await expect(compact).toBeChecked();
  const dense = await height();
  await compact.uncheck();
  await expect.poll(height).toBeGreaterThanOrEqual(dense / 0.85);
  const comfortable = await height();
  await page.reload();
  await expect(compact).not.toBeChecked();
  await expect(row).toBeVisible();
  await expect.poll(height).toBe(comfortable);
  await compact.check();
  await expect.poll(height).toBe(dense);
  await page.reload();
  await expect(compact).toBeChecked();
  await expect(row).toBeVisible();
  await expect.poll(height).toBe(dense);
});

test("pull to refresh on a phone: a pull down at the top reloads the list", async ({ browser, request }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginAs(page, E2E.technician);
  // No event stream: only the pull can bring the new alarm in.
  await page.route("**/api/alarms/stream", () => {});
  const marker = `pull${Date.now()}`;
  await page.goto(`/alarms?q=${marker}`);
  await expect(page.getByText("No alarms match.")).toBeVisible();
  const [id] = await ingest(request, [{ productId: "5551110008", severity: "MAJOR", maintObject: "DS1-BD", description: marker }]);
  await page.waitForTimeout(1000);
  await expect(page.getByText("No alarms match.")).toBeVisible();

  const cdp = await context.newCDPSession(page);
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", y?: number) =>
    cdp.send("Input.dispatchTouchEvent", { type, touchPoints: y === undefined ? [] : [{ x: 180, y }] });
  await touch("touchStart", 200);
  for (let y = 220; y <= 380; y += 20) await touch("touchMove", y);
  await expect(page.getByTestId("pull")).toHaveText("Release to refresh");
  await touch("touchEnd");
  await expect(page.locator(`[data-alarm-card="${id}"]`)).toContainText(marker);
  await expect(page.getByTestId("pull")).toHaveCount(0);
  await context.close();
});
