import type { TApiOutputs } from "@/lib/api/api-types.ts";

export type TTaskRun = TApiOutputs["task"]["get"];
export type TTaskItem = TApiOutputs["task"]["list"]["items"][number];
/** One command's answer as a run's result keeps it (lib/tasks TCommandAnswer). */
export type TAnswer = {
  command: string;
  ok: boolean;
  fields: string[];
  rows: Record<string, string>[];
  errors: { codes: string[]; fieldId: string | null; message: string }[];
  messages: string[];
};

export const FINISHED = ["PASSED", "FAILED", "ERROR"];

export const KIND_LABEL: Record<string, string> = {
  INADS_TEST: "INADS link test",
  CONFIG_REPORT: "Configuration report",
  POST_ALARM_COMMANDS: "Commands after alarm",
  PAGER_DIAL: "Page",
  MANUAL_COMMAND: "Connect now",
};

const isAnswer = (a: unknown): a is TAnswer =>
  !!a && typeof a === "object" && "command" in a && Array.isArray((a as TAnswer).fields) && Array.isArray((a as TAnswer).rows);

/** The OSSI answers a run's result holds, whatever its kind (commands, an INADS answer, post-alarm steps). */
export function answersOf(result: unknown): TAnswer[] {
  if (!result || typeof result !== "object") return [];
  const r = result as Record<string, unknown>;
  const out: TAnswer[] = [];
  for (const key of ["commands", "steps", "answers"]) {
    const list = r[key];
    if (Array.isArray(list))
      for (const x of list) {
        if (isAnswer(x)) out.push(x);
        else if (x && typeof x === "object" && isAnswer((x as { answer?: unknown }).answer)) out.push((x as { answer: TAnswer }).answer);
      }
  }
  if (isAnswer(r.answer)) out.push(r.answer);
  return out;
}
