import { describe, expect, it } from "vitest";
import { createUser } from "../../lib/auth/index.ts";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

describe("the last admin", () => {
  const t = useTestDatabase("last_admin");

  it("cannot be demoted or disabled through user.update, and two admins demoting each other at once leave one", async () => {
    const a = await createUser(t.db, { email: "a@example.com", name: "A", password: "password-a", role: "ADMIN" });
    const b = await createUser(t.db, { email: "b@example.com", name: "B", password: "password-b", role: "ADMIN" });
    const api = callerAs(t.db, "ADMIN");

    await api.user.update({ id: b.id, role: "TECHNICIAN" });
    await expect(api.user.update({ id: a.id, role: "VIEWER" })).rejects.toMatchObject({ code: "CONFLICT", message: /last enabled admin/ });
    await expect(api.user.update({ id: a.id, disabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ role: "ADMIN", disabled: false });
    // Other changes to the last admin still go through.
    expect((await api.user.update({ id: a.id, name: "Alice" })).name).toBe("Alice");

    // A disabled admin does not count: B as a disabled admin leaves A the last one.
    await api.user.update({ id: b.id, role: "ADMIN", disabled: true });
    await expect(api.user.update({ id: a.id, role: "TECHNICIAN" })).rejects.toMatchObject({ code: "CONFLICT" });

    await api.user.update({ id: b.id, disabled: false });
    const both = await Promise.allSettled([api.user.update({ id: a.id, role: "VIEWER" }), api.user.update({ id: b.id, role: "VIEWER" })]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.user.count({ where: { role: "ADMIN", disabled: false } })).toBe(1);

    await expect(api.user.update({ id: 999_999, name: "nobody" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
