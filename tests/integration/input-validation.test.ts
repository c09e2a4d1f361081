import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { registerNode } from "../../lib/cluster/index.ts";
import { callerAs } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

const code = (c: string) => (e: unknown) => e instanceof TRPCError && e.code === c;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

describe("input at the API boundary", () => {
  const t = useTestDatabase("input_validation");

  it("a modem device is normalised and must stay under /dev", async () => {
    await registerNode(t.db, { name: "a", version: "test", instanceId: "a:1" });
    const admin = callerAs(t.db, "ADMIN");
    for (const device of [
      "/dev/../tmp/x",
      "/dev/ttyS0/../../etc/passwd",
      "/tmp/ttyS0",
      "dev/ttyS0",
      "/dev/",
      "/dev/tty S0",
      "/dev/ttyS0;reboot",
    ]) {
      await expect(admin.cluster.addPort({ nodeName: "a", port: { device, purpose: "BOTH" } }), device).rejects.toSatisfy(
        code("BAD_REQUEST"),
      );
    }
    const port = await admin.cluster.addPort({ nodeName: "a", port: { device: "/dev//serial/./by-id/usb-modem0", purpose: "ANSWER" } });
    expect(port.device).toBe("/dev/serial/by-id/usb-modem0");
    await expect(admin.cluster.updatePort({ id: port.id, patch: { device: "/dev/../root/x" } })).rejects.toSatisfy(code("BAD_REQUEST"));
    expect(await t.db.modemPort.count({ where: { device: { not: { startsWith: "/dev/" } } } })).toBe(0);
  });

  it("a system's address is an IP address or a host name, nothing a shell would read", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const base = { name: "pbx", productId: "1000000301" };
    for (const ipAddress of ["not-an-ip; rm -rf /", "10.0.0.1 && reboot", "$(id)", "999.1.1.1", "-oProxyCommand=x", "a..b"]) {
      await expect(admin.system.create({ ...base, ipAddress }), ipAddress).rejects.toSatisfy(code("BAD_REQUEST"));
    }
    for (const [i, ipAddress] of ["10.0.0.5", "fd00::5", "pbx1.example.net", "localhost"].entries()) {
      const s = await admin.system.create({ name: `pbx-${i}`, productId: `100000040${i}`, ipAddress });
      expect(s.ipAddress).toBe(ipAddress);
    }
    const s = await t.db.system.findUniqueOrThrow({ where: { productId: "1000000400" } });
    await expect(admin.system.update({ id: s.id, data: { ipAddress: "x|nc evil 1" } })).rejects.toSatisfy(code("BAD_REQUEST"));
    expect((await admin.system.update({ id: s.id, data: { ipAddress: "" } })).ipAddress).toBe("");
  });

  it("ids beyond PostgreSQL's integer are bad input, not a server error", async () => {
    const viewer = callerAs(t.db, "VIEWER");
    await expect(viewer.alarm.get({ id: 2_147_483_648 })).rejects.toSatisfy(code("BAD_REQUEST"));
    await expect(viewer.alarm.get({ id: 0 })).rejects.toSatisfy(code("BAD_REQUEST"));
    await expect(viewer.alarm.get({ id: 2_147_483_647 })).rejects.toSatisfy(code("NOT_FOUND"));
    await expect(callerAs(t.db, "ADMIN").system.get({ id: 99_999_999_999 })).rejects.toSatisfy(code("BAD_REQUEST"));
  });

  it("page cursors are ids too: beyond int4 is bad input on every list, a last page's cursor is not", async () => {
    const viewer = callerAs(t.db, "VIEWER");
    const admin = callerAs(t.db, "ADMIN");
    const huge = 2_147_483_648;
    const lists: [string, () => Promise<unknown>][] = [
      ["alarm.list", () => viewer.alarm.list({ cursor: huge })],
      ["alarm.list (string)", () => viewer.alarm.list({ cursor: "99999999999" })],
      ["alarm.rejected", () => viewer.alarm.rejected({ cursor: huge })],
      ["notification.list", () => viewer.notification.list({ cursor: huge })],
      ["task.list", () => viewer.task.list({ cursor: huge })],
      ["audit.list", () => admin.audit.list({ cursor: huge })],
      ["alarmReport.sent", () => viewer.alarmReport.sent({ cursor: huge })],
    ];
    for (const [name, call] of lists) await expect(call(), name).rejects.toSatisfy(code("BAD_REQUEST"));
    await expect(viewer.alarm.list({ cursor: null })).resolves.toMatchObject({ items: [] });
    await expect(viewer.notification.list({ cursor: 2_147_483_647 })).resolves.toMatchObject({ items: [] });
  });

  it("a second system with a taken product ID is refused naming the field and the system that has it", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.system.create({ name: "first", productId: "1000000500" });
    const dup = await admin.system.create({ name: "second", productId: "1000000500" }).catch((e: unknown) => e);
    expect(code("CONFLICT")(dup)).toBe(true);
    expect(message(dup)).toMatch(/productId: product ID 1000000500 already belongs to system "first"/);
    const other = await admin.system.create({ name: "third", productId: "1000000501" });
    const moved = await admin.system.update({ id: other.id, data: { productId: "1000000500" } }).catch((e: unknown) => e);
    expect(message(moved)).toMatch(/^productId: /);
  });
});
