import { describe, expect, it } from "vitest";
import { ingest } from "../../../lib/alarms/index.ts";
import { REDACTED } from "../../../lib/connect/sat/index.ts";
import {
  configReportBody,
  createCommandRule,
  getTaskRun,
  inadsTestBody,
  judgeInadsTests,
  manualCommandBody,
  matchNewAlarms,
  postAlarmCommandsBody,
  requestTask,
} from "../../../lib/tasks/index.ts";
import { acquireOrRenewLease, registerNode } from "../../../lib/cluster/index.ts";
import { freePort, waitUntil } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { RIG_PASSWORD, useSatTaskRig } from "../../support/sat-task-rig.ts";

describe("SAT tasks against a simulated CM over real telnet", () => {
  const t = useTestDatabase("sat_tasks");
  const rig = useSatTaskRig(t);
  const run = (systemId: number, kind: "MANUAL_COMMAND" | "INADS_TEST" | "CONFIG_REPORT", commands?: string[]) =>
    requestTask(t.db, { input: { systemId, kind, ...(commands ? { commands } : {}) }, requestedBy: "tech@example.com" });

  it("Connect now: a command's OSSI answer as a table, the transcript without the password", async () => {
    const { systemId } = await rig.pbx("6000000001");
    const { id } = await run(systemId, "MANUAL_COMMAND", ["display alarms", "list station"]);
    expect((await getTaskRun(t.db, { id })).status).toBe("QUEUED");
    await rig.attempt(id, manualCommandBody);
    const r = await getTaskRun(t.db, { id });
    expect(r).toMatchObject({ status: "PASSED", nodeName: "rig", connectionType: "DIRECT_IP", port: null, reason: null });
    const result = r.result as { commands: { command: string; rows: Record<string, string>[] }[] };
    expect(result.commands.map((c) => c.command)).toEqual(["display alarms", "list station"]);
    expect(result.commands[0]?.rows).toContainEqual(expect.objectContaining({ "0001ff00": "01A05", "0002ff00": "DS1-BD" }));
    expect(r.transcript).toContain("Login:");
    expect(r.transcript).toContain(`> ${REDACTED}`);
    expect(r.transcript).not.toContain(RIG_PASSWORD);
    expect(r.startedAt).not.toBeNull();
    expect(r.finishedAt).not.toBeNull();
  });

  it("an OSSI error line is a FAILED run with the system's words and the transcript", async () => {
    const { systemId } = await rig.pbx("6000000002");
    const { id } = await run(systemId, "MANUAL_COMMAND", ["list frobnicators"]);
    await rig.attempt(id, manualCommandBody);
    const r = await getTaskRun(t.db, { id });
    expect(r.status).toBe("FAILED");
    expect(r.reason).toMatch(/^the system refused 'list frobnicators': .*invalid/);
    expect(r.transcript).toContain("c list frobnicators");
  });

  it("a system answering garbage is a FAILED run with a readable reason, not a crash", async () => {
    const { systemId } = await rig.pbx("6000000003", { faults: { garbage: "prompts" } });
    const { id } = await run(systemId, "MANUAL_COMMAND", ["display alarms"]);
    await rig.attempt(id, manualCommandBody);
    const r = await getTaskRun(t.db, { id });
    expect(r.status).toBe("FAILED");
    expect(r.reason).toMatch(/login|prompt|timeout/i);
    expect(r.transcript.length).toBeGreaterThan(0);
  });

  it("a closed port: retried with back-off, then FAILED; N failures in a row mark the system unreachable, a success clears it", async () => {
    const { systemId, port } = await rig.pbx("6000000004");
    const closed = await freePort();
    await t.db.system.update({ where: { id: systemId }, data: { ipPort: closed } });
    const { id } = await run(systemId, "CONFIG_REPORT");
    const settings = { maxAttempts: 2, unreachableAfter: 2, retryDelayS: 7 };
    await rig.attempt(id, configReportBody, settings);
    let r = await t.db.taskRun.findUniqueOrThrow({ where: { id } });
    expect(r.status).toBe("QUEUED");
    expect(r.reason).toMatch(/^attempt 1 of 2 failed: /);
    expect(r.phase).toBe("next attempt in 7 s");
    const job = await rig.boss.getJobById("task.config-report.ip", r.jobId ?? "");
    expect(job?.state).toBe("created");
    expect((job?.startAfter?.getTime() ?? 0) - Date.now()).toBeGreaterThan(3000);
    await rig.attempt(id, configReportBody, settings);
    r = await t.db.taskRun.findUniqueOrThrow({ where: { id } });
    expect(r).toMatchObject({ status: "FAILED", attempts: 2 });
    expect(r.reason).toMatch(/refused|connect|unreachable/i);
    expect(r.transcript).toContain("attempt 2");
    const sys = await t.db.system.findUniqueOrThrow({ where: { id: systemId } });
    expect(sys.taskFailures).toBe(2);
    expect(sys.unreachableSince).not.toBeNull();

    await t.db.system.update({ where: { id: systemId }, data: { ipPort: port } });
    const again = await run(systemId, "MANUAL_COMMAND", ["display time"]);
    await rig.attempt(again.id, manualCommandBody);
    expect((await getTaskRun(t.db, again)).status).toBe("PASSED");
    expect(await t.db.system.findUniqueOrThrow({ where: { id: systemId } })).toMatchObject({ taskFailures: 0, unreachableSince: null });
  });

  it("configuration reports: stored raw and parsed; the second one shows the field-level difference and flags the system", async () => {
    const { pbx, systemId } = await rig.pbx("6000000005");
    const first = await run(systemId, "CONFIG_REPORT");
    await rig.attempt(first.id, configReportBody);
    expect(await getTaskRun(t.db, first)).toMatchObject({ status: "PASSED" });
    const r1 = await t.db.configReport.findFirstOrThrow({ where: { systemId }, orderBy: { id: "desc" } });
    expect(r1.changed).toBe(false);
    expect(r1.content).toContain("# list station");
    expect(r1.content).toContain("3002");

    pbx.data.stations.push({ extension: "3004", type: "9611", name: "New Office", port: "S00004", state: "in-service/idle" });
    const second = await run(systemId, "CONFIG_REPORT");
    await rig.attempt(second.id, configReportBody);
    const r2 = await t.db.configReport.findFirstOrThrow({ where: { systemId }, orderBy: { id: "desc" } });
    expect(r2.changed).toBe(true);
    expect((r2.diff as { changes: unknown[] }).changes).toContainEqual(
      expect.objectContaining({ command: "list station", change: "added", row: "3004" }),
    );
    expect((await t.db.system.findUniqueOrThrow({ where: { id: systemId } })).configChangedAt).not.toBeNull();
  });

  it("INADS link test: accepted, the session ends, the test alarm arrives later and the verdict is PASSED", async () => {
    let sendTestAlarm: () => Promise<unknown> = async () => undefined;
    const { systemId } = await rig.pbx("6000000006", { sendTestAlarm: () => sendTestAlarm() });
    sendTestAlarm = () =>
      ingest(
        t.db,
        [
          {
            kind: "raise",
            alarm: { source: "TEST", severity: "INFO", productId: "6000000006", alarmType: "TEST", description: "TESTING INADS LINK" },
          },
        ],
        { nodeName: "other-node" },
      );
    const { id } = await run(systemId, "INADS_TEST");
    await expect(run(systemId, "INADS_TEST")).rejects.toThrow(/already under way/);
    await rig.attempt(id, inadsTestBody, { inadsWaitMin: 0.5 });
    const waiting = await t.db.taskRun.findUniqueOrThrow({ where: { id } });
    expect(waiting).toMatchObject({ status: "RUNNING", phase: "waiting for the test alarm (up to 0.5 min)" });
    expect(waiting.waitUntil).not.toBeNull();
    const passed = await waitUntil(async () => {
      await judgeInadsTests(t.db, { nodeName: "rig" });
      const r = await getTaskRun(t.db, { id });
      return r.status === "PASSED" ? r : null;
    }, 15_000);
    expect(passed.result).toMatchObject({ testAlarmVia: "api" });
    const alarm = await t.db.alarm.findFirstOrThrow({ where: { productId: "6000000006", source: "TEST" } });
    expect(alarm.status).toBe("RESOLVED");
  });

  it("INADS link test: no test alarm within the wait is FAILED with that reason; 'Command failed' is FAILED at once", async () => {
    const { systemId } = await rig.pbx("6000000007", { timeScale: 1 });
    const { id } = await run(systemId, "INADS_TEST");
    await rig.attempt(id, inadsTestBody, { inadsWaitMin: 0.02 });
    const failed = await waitUntil(async () => {
      await judgeInadsTests(t.db, { nodeName: "rig" });
      const r = await getTaskRun(t.db, { id });
      return r.status === "FAILED" ? r : null;
    }, 15_000);
    expect(failed.reason).toMatch(/^the test alarm never arrived/);
    // The simulated CM's first test is still "running" (its call is two minutes away): the next is refused.
    const second = await run(systemId, "INADS_TEST");
    await rig.attempt(second.id, inadsTestBody);
    const r = await getTaskRun(t.db, second);
    expect(r.status).toBe("FAILED");
    expect(r.reason).toMatch(/^command failed: the system answered ".*Command failed/);
  });

  it("commands after an alarm: a rule's steps run once per new alarm; all passing resolves it; a failing step is on the timeline", async () => {
    const { systemId } = await rig.pbx("6000000008");
    await registerNode(t.db, { name: "rig-primary", version: "test" });
    const epoch = (await acquireOrRenewLease(t.db, { nodeName: "rig-primary", ttlMs: 600_000 })).epoch as number;
    await matchNewAlarms(t.db, { nodeName: "rig-primary", epoch }); // the first pass marks where alarms start
    await createCommandRule(t.db, {
      name: "analog lines",
      maintObject: "ANL-*",
      steps: [{ command: "test port", sendPortInfo: true, suffix: "short" }],
      resolveOnPass: true,
    });
    await createCommandRule(t.db, {
      name: "ds1 boards",
      maintObject: "DS1-BD",
      systemId,
      steps: [
        { command: "display errors", sendPortInfo: false },
        { command: "test board", sendPortInfo: true, suffix: "short" },
      ],
      resolveOnPass: true,
    });
    const raise = (maintObject: string, port: string) =>
      ingest(t.db, [{ kind: "raise", alarm: { source: "SNMP", productId: "6000000008", severity: "MAJOR", maintObject, port } }], {
        nodeName: "n",
      });
    const anl = (await raise("ANL-LINE", "01B0203")).created[0] as number;
    const ds1 = (await raise("DS1-BD", "01A05")).created[0] as number;
    const { runs } = await matchNewAlarms(t.db, { nodeName: "rig-primary", epoch });
    expect(runs).toHaveLength(2);
    await raise("ANL-LINE", "01B0203"); // a repeat: no new run
    expect((await matchNewAlarms(t.db, { nodeName: "rig-primary", epoch })).runs).toEqual([]);

    for (const id of runs) await rig.attempt(id, postAlarmCommandsBody);
    const anlRun = await t.db.taskRun.findFirstOrThrow({ where: { alarmId: anl } });
    expect(anlRun).toMatchObject({ status: "PASSED", kind: "POST_ALARM_COMMANDS" });
    const anlAlarm = await t.db.alarm.findUniqueOrThrow({ where: { id: anl }, include: { events: true } });
    expect(anlAlarm.status).toBe("RESOLVED");
    expect(anlAlarm.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["COMMANDS", "RESOLVED"]));
    expect(anlAlarm.events.find((e) => e.kind === "COMMANDS")?.message).toContain("test port 01B0203 short: PASS");

    const ds1Run = await t.db.taskRun.findFirstOrThrow({ where: { alarmId: ds1 } });
    expect(ds1Run.status).toBe("FAILED");
    expect(ds1Run.reason).toBe("step 2 'test board 01A05 short' did not pass: 1 of 1 results FAIL");
    const ds1Alarm = await t.db.alarm.findUniqueOrThrow({ where: { id: ds1 }, include: { events: true } });
    expect(ds1Alarm.status).toBe("ACTIVE");
    const ev = ds1Alarm.events.find((e) => e.kind === "COMMANDS");
    expect(ev?.message).toContain("did not pass");
    expect(JSON.stringify(ev?.data)).toContain("c test board 01A05 short");
  });

  it("a stale primary queues no command rule runs (the fence refuses its match rows)", async () => {
    const { systemId } = await rig.pbx("6000000009");
    await createCommandRule(t.db, { name: "any on 9", systemId, steps: [{ command: "display alarms", sendPortInfo: false }] });
    await ingest(t.db, [{ kind: "raise", alarm: { source: "API", productId: "6000000009", severity: "MINOR", maintObject: "X" } }], {
      nodeName: "n",
    });
    await expect(matchNewAlarms(t.db, { nodeName: "rig-primary", epoch: 0 })).rejects.toThrow(/fenced/);
    expect(await t.db.taskRun.count({ where: { systemId, kind: "POST_ALARM_COMMANDS" } })).toBe(0);
  });
});
