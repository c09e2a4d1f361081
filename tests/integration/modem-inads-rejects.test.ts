import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntakeQueue, type TIntakeQueue } from "../../lib/alarms/index.ts";
import { PbxInadsOriginator } from "../sim/pbx-inads.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { until, useModemRig } from "../support/modem-rig.ts";
import { queueSink } from "../../workers/modem/intake-sink.ts";

const RECEIVER = "5550200";
const GUARD = 100;

// INADS rejects take the intake queue's reject path like SNMP's: a port flooded with junk calls
// is rate-limited there instead of writing a RejectedIntake row per call.
describe("INADS rejects go through the intake queue", () => {
  const t = useTestDatabase("modem-inads-rejects");
  let queue: TIntakeQueue;
  beforeAll(() => {
    queue = createIntakeQueue({ db: t.db, nodeName: "rej-node", flushMs: 1, rejectRatePerSec: 0.001, rejectBurst: 2 });
  });
  afterAll(() => queue?.stop(2000));
  const rig = useModemRig(t, {
    nodeName: "rej-node",
    number: RECEIVER,
    guardMs: GUARD,
    port: { purpose: "ANSWER" },
    manager: {
      reconcileMs: 300,
      probeIntervalMs: 5000,
      callIdleTimeoutMs: 1500,
      enqueue: (items) => queueSink(queue)(items),
      reject: (r) => void queue.reject(r),
    },
  });

  it("three calls from unknown numbers: two recorded (the burst), the third counted as suppressed", async () => {
    for (const number of ["5551110001", "5551110002", "5551110003"]) {
      const p = new PbxInadsOriginator({ network: rig.network, number, productId: "1000000999", guardMs: GUARD, replyTimeoutMs: 1500 });
      expect((await p.call(RECEIVER, [])).outcome).toBe("completed");
      p.close();
      await rig.idle();
    }
    await until("suppressed", () => queue.stats().rejectsSuppressed === 1);
    await queue.flush();
    const rows = await t.db.rejectedIntake.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.reason.slice(0, 35))).toEqual(["unknown alarm call from 5551110001:", "unknown alarm call from 5551110002:"]);
    expect(rows.every((r) => r.source === "INADS" && r.remote === rig.pty.dte && r.nodeName === "rej-node")).toBe(true);
  }, 60_000);
});
