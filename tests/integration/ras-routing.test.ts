import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TNodeRoles } from "../../lib/cluster/index.ts";
import { loadEnv } from "../../lib/config/index.ts";
import { enqueue } from "../../lib/jobs/index.ts";
import { logger } from "../../lib/log/index.ts";
import { startJobRouter } from "../../workers/cluster/job-router.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { waitFor } from "../support/wait-for.ts";

const ROLES: TNodeRoles = {
  primaryPreferred: false,
  primaryEligible: false,
  autoAlarmReporting: false,
  autoArchiving: false,
  autoBackups: false,
  taskInadsTest: false,
  taskPostAlarmCommands: false,
  taskConfigReports: false,
  taskPagerDial: false,
  connModem: false,
  connRasPpp: true,
  connDirectIp: true,
};

/** The job router on real pg-boss and PostgreSQL: a RAS/PPP job dials first, so it must hold a dial-out port. */
describe("RAS/PPP jobs claim a dial-out port like modem jobs", () => {
  const t = useTestDatabase("ras-routing");
  let boss: PgBoss;
  let router: { stop(): Promise<void> };
  let nodeId: number;

  beforeAll(async () => {
    nodeId = (await t.db.clusterNode.create({ data: { name: "ras-node", host: "localhost", version: "test" } })).id;
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();
    const env = loadEnv({ NODE_NAME: "ras-node", JOB_POLL_MS: "100" } as unknown as NodeJS.ProcessEnv);
    router = await startJobRouter({
      db: t.db,
      boss,
      env,
      nodeName: "ras-node",
      membership: {
        self: () => ({ id: nodeId, state: "ONLINE", roles: ROLES }),
        healthySince: () => 0,
        markUnhealthy: () => {},
        stop: async () => {},
      },
      log: logger("test-router"),
    });
  });
  afterAll(async () => {
    await router?.stop();
    await boss?.stop({ graceful: false });
  });

  const probe = async (queue: "task.noop-probe.ras" | "task.noop-probe.ip", tag: string) => {
    const id = await enqueue(boss, queue, { tag });
    return id;
  };
  const ran = (tag: string) => t.db.clusterEvent.findFirst({ where: { kind: "probe", message: { contains: `probe ${tag} ` } } });

  it("without an idle dial-out port a RAS job waits; once a port is idle it runs on it and gives it back", async () => {
    await probe("task.noop-probe.ras", "ras-1");
    await probe("task.noop-probe.ip", "ip-1");
    await waitFor(async () => (await ran("ip-1")) ?? undefined, 10_000);
    expect(await ran("ras-1")).toBeNull();

    const port = await t.db.modemPort.create({ data: { nodeId, device: "/dev/ttyRAS0", purpose: "DIALOUT", status: "IDLE" } });
    const event = await waitFor(async () => (await ran("ras-1")) ?? undefined, 10_000);
    expect(event.message).toContain("via ras port /dev/ttyRAS0");
    await waitFor(
      async () => ((await t.db.modemPort.findUniqueOrThrow({ where: { id: port.id } })).status === "IDLE" ? true : undefined),
      5000,
    );
  });
});
