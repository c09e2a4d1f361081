import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { returnJob, routingOf } from "../../../workers/cluster/return-job.ts";

type TJob = { id: string; retryCount: number; state: string; output: unknown };

describe("handing a job back without spending a retry (pg-boss 10, real PostgreSQL)", () => {
  const t = useTestDatabase("return-job");
  let boss: PgBoss;
  const queue = "test.hand-back";

  beforeAll(async () => {
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();
    await boss.createQueue(queue, { name: queue });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
  });

  const fetchOne = async () => ((await boss.fetch(queue, { includeMetadata: true })) as unknown as TJob[])[0];

  it("a job with no retries left, handed back, runs again and can still fail once", async () => {
    const id = (await boss.send(queue, { x: 1 }, { retryLimit: 0 })) ?? "";
    expect((await fetchOne())?.id).toBe(id);
    await returnJob(t.db, queue, id, { triedPorts: ["a:/dev/ttyS0"], handBacks: 1 }, 0);
    expect((await boss.getJobById(queue, id))?.state).toBe("created");
    const again = await fetchOne();
    expect(again).toMatchObject({ id, retryCount: 0, state: "active" });
    expect(routingOf(again?.output)).toEqual({ triedPorts: ["a:/dev/ttyS0"], handBacks: 1 });
    await boss.fail(queue, id, { message: "real failure" });
    expect((await boss.getJobById(queue, id))?.state).toBe("failed");
  });

  it("a retried job keeps its retry count across a hand-back, and waits out the delay", async () => {
    const id = (await boss.send(queue, { x: 2 }, { retryLimit: 2, retryDelay: 0 })) ?? "";
    await fetchOne();
    await boss.fail(queue, id, { triedPorts: ["a:/dev/ttyS0"] });
    expect((await fetchOne())?.retryCount).toBe(1);
    await returnJob(t.db, queue, id, { triedPorts: ["a:/dev/ttyS0"], handBacks: 1 }, 1500);
    expect((await boss.getJobById(queue, id))?.state).toBe("retry");
    expect(await fetchOne()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1600));
    expect(await fetchOne()).toMatchObject({ id, retryCount: 1 });
  });

  it("only an active job is handed back (a completed one is left alone)", async () => {
    const id = (await boss.send(queue, { x: 3 })) ?? "";
    await fetchOne();
    await boss.complete(queue, id);
    await returnJob(t.db, queue, id, { triedPorts: [], handBacks: 0 }, 0);
    expect((await boss.getJobById(queue, id))?.state).toBe("completed");
  });
});
