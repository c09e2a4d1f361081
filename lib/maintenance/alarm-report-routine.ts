import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { ZAlarmReportFilter } from "./alarm-report/definitions.ts";
import { periodEndingNow, previousPeriod, type TFrequency } from "./alarm-report/period.ts";
import { sendAlarmReport, type TReportToSend, type TSendOutcome } from "./alarm-report/send-report.ts";
import type { TRoutine, TRoutineContext } from "./runner.ts";
import { routineSetting } from "./settings.ts";

function toSend(r: { id: number; name: string; recipients: string[]; frequency: TFrequency; filter: unknown }): TReportToSend {
  const f = ZAlarmReportFilter.safeParse(r.filter ?? {});
  return { ...r, filter: f.success ? f.data : {} };
}

const periodKeyOf = (reportId: number, frequency: TFrequency, start: Date) => `${reportId}:${frequency}:${start.toISOString()}`;

/** Sends whose node stopped mid-send: nobody knows whether they arrived. Said so, rather than left "sending". */
async function closeInterrupted(db: TDb, runId: number) {
  await db.alarmReportSend.updateMany({
    where: { status: "SENDING", runId: { not: runId } },
    data: { status: "FAILED", error: "interrupted: the primary stopped while sending; it may or may not have been delivered" },
  });
}

function summarize(outcomes: TSendOutcome[], defined: number) {
  if (!outcomes.length) return { failed: false, detail: `no report due (${defined} defined)` };
  const sent = outcomes.filter((o) => o.status === "SENT");
  const failed = outcomes.filter((o) => o.status === "FAILED");
  const line = (o: TSendOutcome) => `"${o.name}" to ${o.recipients.join(", ")} (${o.alarmCount} alarms)${o.error ? `: ${o.error}` : ""}`;
  const parts = [];
  if (failed.length) parts.push(`${failed.length} of ${outcomes.length} failed: ${failed.map(line).join("; ")}`);
  if (sent.length) parts.push(`sent ${sent.map(line).join("; ")}`);
  return { failed: failed.length > 0, detail: parts.join(" — ") };
}

type TCommon = Omit<Parameters<typeof sendAlarmReport>[0], "report" | "period" | "periodKey">;

async function sendNowOne(ctx: TRoutineContext, reportId: number, common: TCommon) {
  const r = await ctx.db.alarmReport.findUnique({ where: { id: reportId } });
  if (!r) throw new AppError("NOT_FOUND", `no alarm report ${reportId}`);
  return sendAlarmReport({ ...common, report: toSend(r), period: periodEndingNow(r.frequency, new Date()), periodKey: null });
}

/**
 * The ALARM_REPORT routine. Scheduled: every enabled report whose last complete period (in the
 * window's time zone) has not been sent yet goes out — a report that failed goes out at the next
 * window of the same period. "Send now": the one report, for the period ending now.
 */
export const alarmReportRoutine: TRoutine = async (ctx) => {
  const { db } = ctx;
  await closeInterrupted(db, ctx.runId);
  const { parsedSchedule } = await routineSetting(db, "ALARM_REPORT");
  const timeZone = parsedSchedule.kind === "daily" ? parsedSchedule.timeZone : "UTC";
  const common = {
    db,
    secretKey: ctx.secretKey,
    nodeName: ctx.nodeName,
    epoch: ctx.epoch,
    runId: ctx.runId,
    timeZone,
    trigger: ctx.trigger,
  };

  const requested = (ctx.payload as { reportId?: unknown } | null)?.reportId;
  const outcomes: TSendOutcome[] = [];
  let defined = 1;
  if (typeof requested === "number") {
    outcomes.push(await sendNowOne(ctx, requested, common));
  } else {
    const reports = await db.alarmReport.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
    defined = reports.length;
    const now = new Date();
    for (const r of reports) {
      if (ctx.signal.aborted) break;
      const period = previousPeriod(r.frequency, timeZone, now);
      const periodKey = periodKeyOf(r.id, r.frequency, period.start);
      if (await db.alarmReportSend.findUnique({ where: { periodKey }, select: { id: true } })) continue;
      outcomes.push(await sendAlarmReport({ ...common, report: toSend(r), period, periodKey }));
    }
  }
  const s = summarize(outcomes, defined);
  return {
    status: s.failed ? "FAILED" : "PASSED",
    detail: s.detail,
    result: {
      sent: outcomes.filter((o) => o.status === "SENT").length,
      failed: outcomes.filter((o) => o.status === "FAILED").length,
      sendIds: outcomes.map((o) => o.sendId),
    },
  };
};
