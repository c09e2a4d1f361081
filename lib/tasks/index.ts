export { answerOf, type TCommandAnswer } from "./answers.ts";
export { judgeInadsTests, inadsCommandVerdict, inadsTestBody } from "./inads-test.ts";
export { configReportBody, configReportSections, getConfigReport, listConfigReports, recentConfigReports } from "./config-report.ts";
export { diffReports, reportCsv, type TFieldChange, type TReportDiff, type TReportSection } from "./config-diff.ts";
export {
  commandsFor,
  createCommandRule,
  deleteCommandRule,
  listCommandRules,
  MAX_STEPS,
  ruleMatches,
  type TCommandRule,
  updateCommandRule,
  ZCommandRuleInput,
  ZCommandRulePatch,
} from "./command-rules.ts";
export { matchNewAlarms } from "./command-rule-loop.ts";
export { satTaskHandler, taskSettings } from "./job-handler.ts";
export { TASK_CHANNEL } from "./live-channel.ts";
export { manualCommandBody } from "./manual-command.ts";
export { postAlarmCommandsBody } from "./post-alarm-commands.ts";
export { requestTask, ZTaskRunInput, type TTaskRunInput } from "./request-task.ts";
export { runSatAttempt, type TTaskSettings } from "./run-attempt.ts";
export { DEFAULT_REPORT_COMMANDS, SAT_VERBS, satCommandProblem, ZSatCommand } from "./sat-commands.ts";
export {
  getSchedules,
  queueDueSchedules,
  setConfigSchedule,
  setInadsSchedule,
  ZConfigScheduleInput,
  ZInadsScheduleInput,
} from "./schedules.ts";
export { RUNNABLE_KINDS, SAT_TASKS } from "./task-kinds.ts";
export {
  announceTaskChange,
  getTaskRun,
  listTaskRuns,
  type TTaskListItem,
  type TTaskRunView,
  ZTaskListInput,
  ZTaskRunView,
} from "./task-runs.ts";
export { parseTaskWindow } from "./task-window.ts";
export { systemTaskStatus, type TSystemTaskStatus } from "./system-status.ts";
