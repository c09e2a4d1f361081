import { describe, expect, it } from "vitest";
import { ingest, type TSeverity } from "../../lib/alarms/index.ts";
import { appRouter, createCallerFactory } from "../../lib/api/index.ts";
import { createSession, createUser, login, principalFromSession } from "../../lib/auth/index.ts";
import { callerAs, contextFor } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const raise = (productId: string, severity: TSeverity, port: string, occurredAt?: Date) => ({
  kind: "raise" as const,
  alarm: { source: "API" as const, productId, severity, maintObject: "DS1-BD", port, alarmType: severity, occurredAt },
});

const callerFor = (db: Parameters<typeof contextFor>[0], principal: Parameters<typeof contextFor>[1], sessionToken: string | null = null) =>
  createCallerFactory(appRouter)({ ...contextFor(db, principal), sessionToken });

describe("the alarm board's API", () => {
  const t = useTestDatabase("board_api");

  it("lists unacknowledged alarms first, worst first, newest first, without being asked", async () => {
    const pid = "4100000001";
    const old = new Date(Date.now() - 3_600_000);
    // A storm as it arrives: minors first, the critical ones last and older than some minors.
    const items = [
      ...Array.from({ length: 30 }, (_, i) => raise(pid, "MINOR", `m${i}`)),
      raise(pid, "CRITICAL", "c-old", old),
      raise(pid, "CRITICAL", "c-new"),
      raise(pid, "MAJOR", "j1"),
      raise(pid, "WARNING", "w1"),
      raise(pid, "CRITICAL", "c-acked"),
    ];
    await ingest(t.db, items, { nodeName: "n" });
    const tech = callerAs(t.db, "TECHNICIAN");
    const acked = await t.db.alarm.findFirstOrThrow({ where: { productId: pid, port: "c-acked" }, select: { id: true } });
    await tech.alarm.acknowledge({ ids: [acked.id] });

    const page = await tech.alarm.list({ productId: pid, limit: 10 });
    const ports = page.items.map((a) => a.port);
    expect(ports.slice(0, 3)).toEqual(["c-new", "c-old", "j1"]);
    expect(page.items.slice(3).every((a) => a.severity === "MINOR")).toBe(true);
    // Paging goes on in the same order, through the acknowledged alarm at the very end.
    const seen = [...page.items];
    let cursor = page.nextCursor;
    while (cursor) {
      const next = await tech.alarm.list({ productId: pid, limit: 10, cursor });
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(items.length);
    expect(seen.at(-2)?.port).toBe("w1");
    expect(seen.at(-1)?.port).toBe("c-acked");
    const stats = await tech.alarm.stats({ productId: pid });
    expect(stats.activeBySeverity).toMatchObject({ CRITICAL: 2, MAJOR: 1, MINOR: 30, WARNING: 1 });
    expect(stats.openBySeverity.CRITICAL).toBe(3);
  });

  it("acknowledges every alarm a filter matches, across pages, in one action with one audit entry", async () => {
    const pid = "4100000002";
    await ingest(
      t.db,
      Array.from({ length: 1200 }, (_, i) => raise(pid, i % 3 === 0 ? "MAJOR" : "MINOR", `p${i}`)),
      { nodeName: "n" },
    );
    await ingest(t.db, [raise("4100000003", "MAJOR", "other")], { nodeName: "n" });
    const tech = callerAs(t.db, "TECHNICIAN");
    const filter = { productId: pid, severity: ["MAJOR" as const] };
    expect((await tech.alarm.stats(filter)).total).toBe(400);

    const auditBefore = await t.db.auditLog.count();
    expect(await tech.alarm.acknowledgeMatching({ filter, comment: "storm, DS1 cut" })).toEqual({ count: 400 });
    const audit = await t.db.auditLog.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "desc" }, take: 2 });
    expect(await t.db.auditLog.count()).toBe(auditBefore + 1);
    expect(audit[0]).toMatchObject({ action: "alarm.acknowledgeMatching", actorName: "technician@example.com" });
    expect(audit[0]?.detail).toMatchObject({ count: 400, comment: "storm, DS1 cut", filter: { productId: pid } });

    const majors = await t.db.alarm.groupBy({ by: ["status"], where: { productId: pid, severity: "MAJOR" }, _count: { _all: true } });
    expect(majors).toEqual([{ status: "ACKNOWLEDGED", _count: { _all: 400 } }]);
    expect(await t.db.alarm.count({ where: { productId: pid, severity: "MINOR", status: "ACTIVE" } })).toBe(800);
    expect(await t.db.alarm.count({ where: { productId: "4100000003", status: "ACTIVE" } })).toBe(1);
    const one = await t.db.alarm.findFirstOrThrow({ where: { productId: pid, severity: "MAJOR" }, select: { id: true } });
    const timeline = await tech.alarm.get({ id: one.id });
    expect(timeline.events.at(-1)).toMatchObject({ kind: "ACKNOWLEDGED", message: "Acknowledged: storm, DS1 cut" });

    // Again: nothing left to acknowledge. Resolving the whole product ID takes the minors too.
    expect(await tech.alarm.acknowledgeMatching({ filter })).toEqual({ count: 0 });
    expect(await tech.alarm.resolveMatching({ filter: { productId: pid } })).toEqual({ count: 1200 });
    expect(await t.db.alarm.count({ where: { productId: pid, status: { not: "RESOLVED" } } })).toBe(0);
  });

  it("refuses bulk actions to viewers and an empty filter body", async () => {
    const viewer = callerAs(t.db, "VIEWER");
    await expect(viewer.alarm.acknowledgeMatching({ filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.alarm.resolveMatching({ filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const tech = callerAs(t.db, "TECHNICIAN");
    await expect(tech.alarm.acknowledgeMatching(undefined as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps saved views per user: nobody lists or deletes another's, and tokens have none", async () => {
    const ann = { kind: "user" as const, id: 101, name: "ann@example.com", role: "VIEWER" as const };
    const bob = { kind: "user" as const, id: 102, name: "bob@example.com", role: "TECHNICIAN" as const };
    for (const u of [ann, bob])
      await t.db.user.create({ data: { id: u.id, email: u.name, name: u.name, passwordHash: "x", role: u.role } });
    const asAnn = callerFor(t.db, ann);
    const asBob = callerFor(t.db, bob);
    const majorsToday = await asAnn.savedView.save({ name: "majors today", view: { severity: ["MAJOR"], period: "today" } });
    await asAnn.savedView.save({ name: "my systems", view: { systemId: 7, status: ["ACTIVE"] } });
    // Saving under the same name replaces the view.
    await asAnn.savedView.save({ name: "majors today", view: { severity: ["MAJOR", "CRITICAL"], period: "today" } });
    expect((await asAnn.savedView.list()).map((v) => [v.name, v.view])).toEqual([
      ["majors today", { severity: ["MAJOR", "CRITICAL"], period: "today" }],
      ["my systems", { systemId: 7, status: ["ACTIVE"] }],
    ]);
    expect(await asBob.savedView.list()).toEqual([]);
    await expect(asBob.savedView.delete({ id: majorsToday.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await asAnn.savedView.delete({ id: majorsToday.id });
    expect((await asAnn.savedView.list()).map((v) => v.name)).toEqual(["my systems"]);
    await expect(asAnn.savedView.save({ name: "bad", view: { period: "forever" as "today" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const token = callerFor(t.db, { kind: "token", id: 1, name: "script", role: "ADMIN" });
    await expect(token.savedView.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a viewer change their own password with the current one, ending their other sessions only", async () => {
    const user = await createUser(t.db, { email: "val@example.com", name: "Val", password: "first-password", role: "VIEWER" });
    const here = await createSession(t.db, { userId: user.id });
    const elsewhere = await createSession(t.db, { userId: user.id });
    const principal = (await principalFromSession(t.db, here.token))!;
    const me = callerFor(t.db, principal, here.token);
    await expect(me.auth.changePassword({ currentPassword: "wrong-one", newPassword: "second-password" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "the current password is wrong",
    });
    await expect(me.auth.changePassword({ currentPassword: "first-password", newPassword: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await me.auth.changePassword({ currentPassword: "first-password", newPassword: "second-password" })).toEqual({ ok: true });
    expect(await principalFromSession(t.db, here.token)).not.toBeNull();
    expect(await principalFromSession(t.db, elsewhere.token)).toBeNull();
    await expect(login(t.db, { email: "val@example.com", password: "first-password" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await login(t.db, { email: "val@example.com", password: "second-password" })).user.role).toBe("VIEWER");
    const entry = await t.db.auditLog.findFirst({ where: { action: "auth.password.change" } });
    expect(entry).toMatchObject({ target: "val@example.com" });
    expect(JSON.stringify(entry)).not.toContain("second-password");
  });
});
