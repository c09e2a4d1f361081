import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureClusterSql, registerNode } from "../../../lib/cluster/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

describe("cluster tRPC procedures", () => {
  const t = useTestDatabase("cluster-api");

  beforeAll(async () => {
    await ensureClusterSql(t.db);
    await registerNode(t.db, { name: "a", version: "0.1.0" });
    await registerNode(t.db, { name: "b", version: "0.2.0" });
  });

  it("setRoles is admin only, changes the role row, keeps one preferred primary, and is audited with the user", async () => {
    await expect(callerAs(t.db, "TECHNICIAN").cluster.setRoles({ name: "a", roles: { taskPagerDial: false } })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === "FORBIDDEN",
    );
    const admin = callerAs(t.db, "ADMIN");
    await admin.cluster.setRoles({ name: "a", roles: { primaryPreferred: true } });
    const roles = await admin.cluster.setRoles({ name: "b", roles: { primaryPreferred: true, taskPagerDial: false } });
    expect(roles).toMatchObject({ primaryPreferred: true, taskPagerDial: false, taskInadsTest: true });
    const view = await admin.cluster.list();
    expect(view.nodes.find((n) => n.name === "a")?.roles.primaryPreferred).toBe(false);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "cluster.node.roles", target: "b" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorType: "USER", actorName: "admin@example.com" });
  });

  it("warnings name work no live node can do, and the missing primary", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.cluster.setRoles({ name: "a", roles: { taskPagerDial: false, connRasPpp: false } });
    await admin.cluster.setRoles({ name: "b", roles: { connRasPpp: false } });
    const warnings = await callerAs(t.db, "VIEWER").cluster.warnings();
    expect(warnings).toContain("No live node can do pager outdialing.");
    expect(warnings).toContain("No live node allows connection type RAS/PPP.");
    expect(warnings).toContain("No node holds the primary lease right now.");
    await admin.cluster.setRoles({ name: "a", roles: { primaryEligible: false } });
    await admin.cluster.setRoles({ name: "b", roles: { primaryEligible: false } });
    expect(await admin.cluster.warnings()).toContain(
      "No live node is primary-eligible: dispatch, SNMP manager and maintenance are stopped.",
    );
  });

  it("remove refuses a node that still sends heartbeats; modem ports can be added, edited and removed", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await expect(admin.cluster.remove({ name: "a" })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === "CONFLICT");
    const port = await admin.cluster.addPort({ nodeName: "a", port: { device: "/dev/ttyS0", purpose: "BOTH" } });
    await admin.cluster.updatePort({ id: port.id, patch: { purpose: "DIALOUT" } });
    expect((await admin.cluster.list()).nodes.find((n) => n.name === "a")?.ports).toMatchObject([
      { device: "/dev/ttyS0", purpose: "DIALOUT" },
    ]);
    await admin.cluster.removePort({ id: port.id });
    await t.db.$executeRawUnsafe(`UPDATE "ClusterNode" SET "heartbeatAt" = "heartbeatAt" - interval '1 hour' WHERE name = 'a'`);
    const view = await admin.cluster.list();
    expect(view.nodes.find((n) => n.name === "a")?.state).toBe("OFFLINE");
    await admin.cluster.remove({ name: "a" });
    expect((await admin.cluster.events()).map((e) => e.kind)).toContain("node.removed");
  });
});
