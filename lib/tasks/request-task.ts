import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { createQueuedRun } from "./enqueue-run.ts";
import { DEFAULT_REPORT_COMMANDS, ZSatCommand } from "./sat-commands.ts";
import { RUNNABLE_KINDS } from "./task-kinds.ts";

export const ZTaskRunInput = z
  .object({
    systemId: ZId,
    kind: z.enum(RUNNABLE_KINDS),
    commands: z.array(ZSatCommand).min(1).max(20).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "MANUAL_COMMAND" && !v.commands?.length)
      ctx.addIssue({ code: "custom", path: ["commands"], message: "a manual command run needs at least one command" });
    if (v.kind === "INADS_TEST" && v.commands?.length)
      ctx.addIssue({ code: "custom", path: ["commands"], message: "an INADS link test runs 'test inads-link' and takes no commands" });
  });
export type TTaskRunInput = z.input<typeof ZTaskRunInput>;

/** The request a run carries: the commands to run (and for a test, which one). */
export type TRunRequest = { commands: string[]; trigger: "API" | "SCHEDULE" | "RULE"; scheduleId?: number; ruleIds?: number[] };

/**
 * task.run: queues a SAT task for a system and returns its TaskRun id at once. A configuration
 * report without commands uses the system's schedule's list, else the default list. One INADS
 * link test per system at a time (its verdict hangs on the system's next test alarm).
 */
export async function requestTask(db: TDb, { input, requestedBy }: { input: TTaskRunInput; requestedBy: string }): Promise<{ id: number }> {
  const { systemId, kind, commands } = ZTaskRunInput.parse(input);
  const system = await db.system.findUnique({
    where: { id: systemId },
    select: { id: true, name: true, enabled: true, connectionType: true, reportSchedule: { select: { commands: true } } },
  });
  if (!system) throw new AppError("NOT_FOUND", `no system ${systemId}`);
  if (!system.enabled) throw new AppError("CONFLICT", `${system.name} is disabled`);
  if (kind === "INADS_TEST") {
    const open = await db.taskRun.findFirst({
      where: { systemId, kind: "INADS_TEST", status: { in: ["QUEUED", "RUNNING"] } },
      select: { id: true },
    });
    if (open) throw new AppError("CONFLICT", `an INADS link test of ${system.name} is already under way (task ${open.id})`);
  }
  const request: TRunRequest = {
    trigger: "API",
    commands:
      kind === "INADS_TEST"
        ? ["test inads-link"]
        : (commands ?? (system.reportSchedule?.commands.length ? system.reportSchedule.commands : [...DEFAULT_REPORT_COMMANDS])),
  };
  return db.$transaction((tx) =>
    createQueuedRun(tx as TDb, { kind, systemId, connectionType: system.connectionType, request, requestedBy }),
  );
}
