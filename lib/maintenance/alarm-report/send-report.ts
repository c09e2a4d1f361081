import { csvHeader, csvRows } from "../../alarms/index.ts";
import { isFenceRefusal, StaleEpochError } from "../../cluster/index.ts";
import type { TDb } from "../../db/index.ts";
import { describeMailError, loadSmtpConfig, sendWith } from "../../notify/index.ts";
import type { TAlarmReportFilter } from "./definitions.ts";
import type { TFrequency, TPeriod } from "./period.ts";
import { collectReportData } from "./report-data.ts";
import { renderReport } from "./report-html.ts";

export type TReportToSend = { id: number; name: string; recipients: string[]; frequency: TFrequency; filter: TAlarmReportFilter };
export type TSendOutcome = {
  sendId: number;
  status: "SENT" | "FAILED";
  error: string | null;
  alarmCount: number;
  recipients: string[];
  name: string;
};

async function describeFilter(db: TDb, f: TAlarmReportFilter): Promise<string> {
  const parts: string[] = [];
  if (f.customerId != null) parts.push(`customer ${(await db.customer.findUnique({ where: { id: f.customerId } }))?.name ?? f.customerId}`);
  if (f.systemId != null) parts.push(`system ${(await db.system.findUnique({ where: { id: f.systemId } }))?.name ?? f.systemId}`);
  if (f.severity?.length) parts.push(`severity ${f.severity.join(", ").toLowerCase()}`);
  return parts.length ? parts.join(", ") : "all systems, all severities";
}

/**
 * Builds and mails one report. The send is recorded first (a fenced insert: a primary that lost
 * the lease cannot send), then the outcome; what was mailed is kept for the Reports page.
 */
export async function sendAlarmReport({
  db,
  secretKey,
  nodeName,
  epoch,
  runId,
  report,
  period,
  periodKey,
  timeZone,
  trigger,
}: {
  db: TDb;
  secretKey: () => Buffer;
  nodeName: string;
  epoch: number;
  runId: number;
  report: TReportToSend;
  period: TPeriod;
  periodKey: string | null;
  timeZone: string;
  trigger: string;
}): Promise<TSendOutcome> {
  const data = await collectReportData(db, { filter: report.filter, period, timeZone, hourly: report.frequency === "DAILY" });
  const csv = csvHeader() + csvRows(data.rows);
  const mail = renderReport({
    name: report.name,
    periodLabel: period.label,
    filterText: await describeFilter(db, report.filter),
    data,
    csvRows: data.rows.length,
  });
  let sendId: number;
  try {
    const row = await db.alarmReportSend.create({
      data: {
        reportId: report.id,
        reportName: report.name,
        frequency: report.frequency,
        periodStart: period.start,
        periodEnd: period.end,
        recipients: report.recipients,
        subject: mail.subject,
        status: "SENDING",
        alarmCount: data.total,
        html: mail.html,
        csv,
        trigger,
        runId,
        nodeName,
        epoch,
      },
      select: { id: true },
    });
    sendId = row.id;
  } catch (e) {
    if (isFenceRefusal(e)) throw new StaleEpochError(nodeName, epoch);
    throw e;
  }
  const base = { sendId, alarmCount: data.total, recipients: report.recipients, name: report.name };
  try {
    const cfg = await loadSmtpConfig(db, secretKey());
    const r = await sendWith(cfg, {
      to: report.recipients,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: [
        { filename: `klaxon-alarms-${period.label.replace(/[^\w-]+/g, "_")}.csv`, content: csv, contentType: "text/csv; charset=utf-8" },
      ],
    });
    const refused = r.rejected.length ? `refused for ${r.rejected.join(", ")}` : null;
    await db.alarmReportSend.update({
      where: { id: sendId },
      data: { status: "SENT", sentAt: new Date(), messageId: r.messageId, periodKey, error: refused },
    });
    return { ...base, status: "SENT", error: refused };
  } catch (e) {
    const error = describeMailError(e);
    await db.alarmReportSend.update({ where: { id: sendId }, data: { status: "FAILED", error } });
    return { ...base, status: "FAILED", error };
  }
}
