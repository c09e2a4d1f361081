import { answerOf, errorReason } from "./answers.ts";
import type { TTaskBody } from "./run-attempt.ts";

/** Connect now: the person's commands, one after the other; the answers as tables. */
export const manualCommandBody: TTaskBody = async (sat, run) => {
  const answers = [];
  for (const command of run.request.commands) answers.push(answerOf(await sat.run(command)));
  const refused = answers.find((a) => !a.ok);
  const result = { via: sat.via, commands: answers };
  return refused ? { status: "FAILED", result, reason: errorReason(refused) } : { status: "PASSED", result };
};
