import { resolveAlarms } from "../alarms/index.ts";
import { answerOf, stepVerdict } from "./answers.ts";
import type { TTaskBody } from "./run-attempt.ts";

export type TRuleRequest = { ruleName?: string; resolveOnPass?: boolean };

/**
 * Commands after an alarm: the rule's steps in order (each must be taken by the system and no
 * test in its answer may fail); when every step passed and the rule says so, the alarm is
 * resolved. The steps and their answers go on the alarm's timeline when the run ends.
 */
export const postAlarmCommandsBody: TTaskBody = async (sat, run, ctx) => {
  const rule = run.request as typeof run.request & TRuleRequest;
  const steps = [];
  for (const command of run.request.commands) {
    const answer = answerOf(await sat.run(command));
    steps.push({ command, ...stepVerdict(answer), answer });
  }
  const failed = steps.find((s) => !s.passed);
  let resolved = false;
  if (!failed && rule.resolveOnPass && run.alarmId) {
    const r = await resolveAlarms(ctx.db, {
      ids: [run.alarmId],
      comment: `every command of rule ${rule.ruleName ?? ""} passed (task ${run.id})`.replace("rule  ", "the rule "),
      actor: { name: "command rule", nodeName: ctx.nodeName },
    });
    resolved = r.changed.length > 0;
  }
  const result = { via: sat.via, ruleName: rule.ruleName ?? null, resolved, steps };
  return failed
    ? { status: "FAILED", result, reason: `step ${steps.indexOf(failed) + 1} '${failed.command}' did not pass: ${failed.summary}` }
    : { status: "PASSED", result };
};
