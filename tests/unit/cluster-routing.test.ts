import { describe, expect, expectTypeOf, it } from "vitest";
import { allows, clusterWarnings, type TNodeRoles } from "../../lib/cluster/index.ts";
import { allQueues, type TQueueName, type TQueuePayloads } from "../../lib/jobs/index.ts";

const all: TNodeRoles = {
  primaryPreferred: false,
  primaryEligible: true,
  autoAlarmReporting: true,
  autoArchiving: true,
  autoBackups: true,
  taskInadsTest: true,
  taskPostAlarmCommands: true,
  taskConfigReports: true,
  taskPagerDial: true,
  connModem: true,
  connRasPpp: true,
  connDirectIp: true,
};

describe("work routing by role row", () => {
  it("a queue is allowed only when both its task and its connection are allowed", () => {
    expect(allows(all, "pager-dial", "modem")).toBe(true);
    expect(allows({ ...all, connModem: false }, "pager-dial", "modem")).toBe(false);
    expect(allows({ ...all, taskPagerDial: false }, "pager-dial", "modem")).toBe(false);
    expect(allows({ ...all, taskPagerDial: false }, null, "modem")).toBe(true);
  });

  it("queue names encode job and connection, and pager outdialing exists only over a modem", () => {
    const names = allQueues().map((q) => q.queue);
    expect(names).toContain("task.inads-test.ras");
    expect(names).toContain("task.pager-dial.modem");
    expect(names).not.toContain("task.pager-dial.ip");
    expectTypeOf<"task.pager-dial.modem">().toExtend<TQueueName>();
    expectTypeOf<"task.pager-dial.ip">().not.toExtend<TQueueName>();
    expectTypeOf<TQueuePayloads["task.noop-probe.ip"]>().toHaveProperty("tag");
  });

  it("warnings: work no live node can do, no eligible primary; offline and draining nodes do not count", () => {
    const nodes = [
      { name: "a", state: "ONLINE" as const, roles: { ...all, taskPagerDial: false, connRasPpp: false } },
      { name: "b", state: "OFFLINE" as const, roles: all },
      { name: "c", state: "DRAINING" as const, roles: all },
    ];
    const w = clusterWarnings(nodes, true);
    expect(w).toContain("No live node can do pager outdialing.");
    expect(w).toContain("No live node allows connection type RAS/PPP.");
    expect(w).toContain("No live node can do INADS link tests over RAS/PPP.");
    expect(w.some((x) => x.includes("primary"))).toBe(false);
    expect(clusterWarnings([{ ...nodes[0]!, roles: { ...all, primaryEligible: false } }], false)[0]).toMatch(/primary-eligible/);
    expect(clusterWarnings([{ name: "a", state: "ONLINE", roles: all }], true)).toEqual([]);
  });
});
