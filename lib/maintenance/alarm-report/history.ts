import type { TDb } from "../../db/index.ts";
import { AppError } from "../../errors/index.ts";

/** What was sent to whom, newest first (without the bodies; those are downloaded one at a time). */
export async function listReportSends(
  db: TDb,
  { limit = 50, cursor, reportId }: { limit?: number; cursor?: number | null; reportId?: number },
) {
  const rows = await db.alarmReportSend.findMany({
    where: reportId ? { reportId } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      reportId: true,
      reportName: true,
      frequency: true,
      periodStart: true,
      periodEnd: true,
      recipients: true,
      subject: true,
      status: true,
      error: true,
      alarmCount: true,
      trigger: true,
      nodeName: true,
      createdAt: true,
      sentAt: true,
    },
  });
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

/** One sent report's mail as it went out: the HTML body or the CSV attachment. */
export async function reportSendBody(db: TDb, { id, format }: { id: number; format: "html" | "csv" }) {
  const row = await db.alarmReportSend.findUnique({
    where: { id },
    select: { id: true, reportName: true, periodStart: true, html: true, csv: true },
  });
  if (!row) throw new AppError("NOT_FOUND", `no sent report ${id}`);
  const base = `klaxon-report-${row.id}-${row.reportName.replace(/[^\w-]+/g, "_").slice(0, 40)}`;
  return format === "html"
    ? { filename: `${base}.html`, contentType: "text/html; charset=utf-8", body: row.html }
    : { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: row.csv };
}
