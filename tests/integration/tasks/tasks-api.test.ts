import { TRPCError } from "@trpc/server";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureQueues } from "../../../lib/jobs/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe("server tasks over the tRPC API (contract names and shapes)", () => {
  const t = useTestDatabase("tasks_api");
  let boss: PgBoss;
  let systemId: number;

  beforeAll(async () => {
    boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await boss.start();
    await ensureQueues(boss);
    systemId = (
      await t.db.system.create({ data: { name: "api-cm", productId: "7000000001", connectionType: "MODEM", dialNumber: "5551234" } })
    ).id;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
  });

  it("task.run queues a run and its job on the queue for the system's connection; task.get answers exactly the contract's fields", async () => {
    const tech = callerAs(t.db, "TECHNICIAN");
    const { id } = await tech.task.run({ systemId, kind: "MANUAL_COMMAND", commands: ["display alarms"] });
    const r = await callerAs(t.db, "VIEWER").task.get({ id });
    expect(Object.keys(r).sort()).toEqual(
      [
        "id",
        "kind",
        "status",
        "systemId",
        "alarmId",
        "nodeName",
        "connectionType",
        "port",
        "transcript",
        "result",
        "reason",
        "startedAt",
        "finishedAt",
      ].sort(),
    );
    expect(r).toMatchObject({ id, kind: "MANUAL_COMMAND", status: "QUEUED", systemId, connectionType: "MODEM", alarmId: null });
    const row = await t.db.taskRun.findUniqueOrThrow({ where: { id } });
    expect((await boss.getJobById("task.manual-command.modem", row.jobId ?? ""))?.data).toEqual({ taskRunId: id });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "task.run" }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ taskRunId: id, kind: "MANUAL_COMMAND", commands: ["display alarms"] });
  });

  it("a configuration report without commands takes the schedule's list, else the default list", async () => {
    const tech = callerAs(t.db, "TECHNICIAN");
    const a = await tech.task.run({ systemId, kind: "CONFIG_REPORT" });
    expect((await t.db.taskRun.findUniqueOrThrow({ where: { id: a.id } })).request).toMatchObject({
      commands: [
        "display system-parameters customer-options",
        "list configuration all",
        "display system-parameters maintenance",
        "list station",
      ],
    });
    await callerAs(t.db, "ADMIN").configSchedule.set({ systemId, frequency: "WEEKLY", commands: ["list station"] });
    const b = await tech.task.run({ systemId, kind: "CONFIG_REPORT" });
    expect((await t.db.taskRun.findUniqueOrThrow({ where: { id: b.id } })).request).toMatchObject({ commands: ["list station"] });
    expect(await callerAs(t.db, "VIEWER").configSchedule.get({ systemId })).toMatchObject({ frequency: "WEEKLY", enabled: true });
  });

  it("bad input is refused with a clear message; viewers cannot run tasks", async () => {
    const tech = callerAs(t.db, "TECHNICIAN");
    await expect(tech.task.run({ systemId, kind: "MANUAL_COMMAND", commands: ["change system-parameters features"] })).rejects.toThrow(
      /change.{0,2} is not a command Klaxon sends/,
    );
    await expect(tech.task.run({ systemId, kind: "MANUAL_COMMAND" })).rejects.toThrow(/needs at least one command/);
    await expect(tech.task.run({ systemId: 999_999, kind: "INADS_TEST" })).rejects.toThrow(/no system 999999/);
    expect(await codeOf(callerAs(t.db, "VIEWER").task.run({ systemId, kind: "INADS_TEST" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(t.db, "TECHNICIAN").configSchedule.set({ systemId, frequency: "NIGHTLY" }))).toBe("FORBIDDEN");
  });

  it("task.list filters by system, kind and status, newest first, with a cursor", async () => {
    const viewer = callerAs(t.db, "VIEWER");
    const all = await viewer.task.list({ systemId, limit: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.items[0]?.id).toBeGreaterThan(all.items[1]?.id ?? 0);
    const next = await viewer.task.list({ systemId, limit: 2, cursor: all.nextCursor ?? undefined });
    expect(next.items.every((i) => i.id < (all.items[1]?.id ?? 0))).toBe(true);
    const reports = await viewer.task.list({ kind: "CONFIG_REPORT", status: "QUEUED" });
    expect(reports.items.length).toBeGreaterThanOrEqual(2);
    expect(reports.items.every((i) => i.kind === "CONFIG_REPORT" && i.status === "QUEUED")).toBe(true);
  });

  it("commandRule create/list/update/delete; the seeded library is there and disabled; an invalid command is refused by name", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const library = (await admin.commandRule.list()).filter((r) => r.library);
    expect(library.map((r) => r.maintObject)).toEqual(
      expect.arrayContaining(["DS1-BD", "UDS1-BD", "ANL-LINE", "DIG-LINE", "CO-TRK", "POWER"]),
    );
    expect(library.every((r) => !r.enabled)).toBe(true);

    const rule = await admin.commandRule.create({
      name: "trunks",
      maintObject: "*-TRK",
      severities: ["MAJOR", "MINOR"],
      systemId,
      steps: [{ command: "test port", sendPortInfo: true, suffix: "short" }],
      resolveOnPass: true,
    });
    expect(rule).toMatchObject({ id: expect.any(Number), name: "trunks", enabled: true, maintObject: "*-TRK", resolveOnPass: true });
    const updated = await admin.commandRule.update({
      id: rule.id,
      patch: { enabled: false, steps: [{ command: "status trunk", sendPortInfo: false }] },
    });
    expect(updated).toMatchObject({ enabled: false, steps: [{ command: "status trunk", sendPortInfo: false, suffix: null }] });
    await expect(admin.commandRule.create({ name: "bad", steps: [{ command: "add station next", sendPortInfo: false }] })).rejects.toThrow(
      /step 1: .{0,2}add station next.{0,2} is not allowed/,
    );
    await expect(
      admin.commandRule.create({ name: "long", steps: Array(7).fill({ command: "display alarms", sendPortInfo: false }) }),
    ).rejects.toThrow(/at most 6 steps/);
    expect(
      await codeOf(
        callerAs(t.db, "TECHNICIAN").commandRule.create({ name: "x", steps: [{ command: "display alarms", sendPortInfo: false }] }),
      ),
    ).toBe("FORBIDDEN");
    await admin.commandRule.delete({ id: rule.id });
    expect((await admin.commandRule.list()).some((r) => r.id === rule.id)).toBe(false);
    expect(await t.db.auditLog.count({ where: { action: { startsWith: "commandRule." } } })).toBe(3);
  });

  it("queued runs no live node may do are named on the Cluster page's warnings", async () => {
    const warnings = await callerAs(t.db, "VIEWER").cluster.warnings();
    expect(warnings).toContain(
      "1 queued task run (commands run by hand over standard modem) waits: no live node allows standard modem with a dial-out modem port.",
    );
    expect(
      warnings.some((w) =>
        /queued task runs \(configuration reports over standard modem\) wait: no live node may do configuration reports/.test(w),
      ),
    ).toBe(true);
  });

  it("configReport.list and .get answer the contract's shapes", async () => {
    const report = await t.db.configReport.create({
      data: { systemId, content: "# list station\nf8005ff00\nd3001\nt", changed: true, diff: { previousId: null, changes: [] } },
    });
    const viewer = callerAs(t.db, "VIEWER");
    expect(await viewer.configReport.list({ systemId })).toEqual({
      items: [{ id: report.id, createdAt: report.createdAt, changed: true }],
    });
    expect(await viewer.configReport.get({ id: report.id })).toEqual({
      id: report.id,
      systemId,
      createdAt: report.createdAt,
      content: report.content,
      diff: { previousId: null, changes: [] },
    });
  });
});
