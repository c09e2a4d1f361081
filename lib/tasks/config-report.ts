import type { Prisma, TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { answerOf, errorReason } from "./answers.ts";
import { diffReports, type TReportDiff, type TReportSection } from "./config-diff.ts";
import type { TTaskBody } from "./run-attempt.ts";

/** The report as text: each command and the system's answer, as received. */
function contentOf(answers: { command: string; lines: string[] }[]): string {
  return answers.map((a) => `# ${a.command}\n${a.lines.join("\n")}`).join("\n\n");
}

/**
 * A configuration report: every command of the run, stored raw and parsed, diffed field by field
 * against the system's previous report; the system's "changed" flag says whether they differ.
 * A command the system refuses (an OSSI error) fails the run; the report keeps what was read.
 */
export const configReportBody: TTaskBody = async (sat, run, ctx) => {
  const raw: { command: string; lines: string[] }[] = [];
  const sections: TReportSection[] = [];
  for (const command of run.request.commands) {
    const r = await sat.run(command);
    raw.push({ command, lines: r.lines });
    const { ms: _ms, ...section } = answerOf(r);
    sections.push(section);
  }
  const report = await storeReport(ctx.db, {
    systemId: run.systemId,
    taskRunId: run.id,
    scheduleId: run.request.scheduleId ?? null,
    content: contentOf(raw),
    sections,
  });
  const refused = sections.find((s) => !s.ok);
  const result = { via: sat.via, reportId: report.id, changed: report.changed, changes: report.diff.changes.length };
  return refused
    ? { status: "FAILED", result, reason: `${errorReason({ ...refused, ms: 0 })} (the report keeps the other commands)` }
    : { status: "PASSED", result };
};

async function storeReport(
  db: TDb,
  r: { systemId: number; taskRunId: number; scheduleId: number | null; content: string; sections: TReportSection[] },
): Promise<{ id: number; changed: boolean; diff: TReportDiff }> {
  return db.$transaction(async (tx) => {
    const prev = await tx.configReport.findFirst({
      where: { systemId: r.systemId },
      orderBy: { id: "desc" },
      select: { id: true, parsed: true },
    });
    const diff = diffReports(prev ? { id: prev.id, sections: (prev.parsed as TReportSection[] | null) ?? [] } : null, r.sections);
    const changed = diff.changes.length > 0;
    const row = await tx.configReport.create({
      data: {
        systemId: r.systemId,
        taskRunId: r.taskRunId,
        scheduleId: r.scheduleId,
        content: r.content,
        parsed: r.sections as unknown as Prisma.InputJsonValue,
        diff: diff as unknown as Prisma.InputJsonValue,
        changed,
      },
      select: { id: true },
    });
    await tx.system.update({ where: { id: r.systemId }, data: { configChangedAt: changed ? new Date() : null } });
    return { id: row.id, changed, diff };
  });
}

export async function listConfigReports(db: TDb, { systemId }: { systemId: number }) {
  const items = await db.configReport.findMany({
    where: { systemId },
    orderBy: { id: "desc" },
    take: 500,
    select: { id: true, createdAt: true, changed: true },
  });
  return { items };
}

export async function getConfigReport(db: TDb, { id }: { id: number }) {
  const r = await db.configReport.findUnique({
    where: { id },
    select: { id: true, systemId: true, createdAt: true, content: true, diff: true },
  });
  if (!r) throw new AppError("NOT_FOUND", `no configuration report ${id}`);
  return { ...r, diff: (r.diff as TReportDiff | null) ?? { previousId: null, changes: [] } };
}

/** The parsed sections of a report (CSV download) and the system it belongs to. */
export async function configReportSections(db: TDb, { id }: { id: number }) {
  const r = await db.configReport.findUnique({
    where: { id },
    select: { id: true, createdAt: true, content: true, parsed: true, system: { select: { name: true, productId: true } } },
  });
  if (!r) throw new AppError("NOT_FOUND", `no configuration report ${id}`);
  return { ...r, sections: (r.parsed as TReportSection[] | null) ?? [] };
}

/** Recent reports of every system for the Reports page. */
export async function recentConfigReports(db: TDb, { limit }: { limit: number }) {
  const rows = await db.configReport.findMany({
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, createdAt: true, changed: true, systemId: true, system: { select: { name: true, productId: true } } },
  });
  return rows.map(({ system, ...r }) => ({ ...r, systemName: system.name, productId: system.productId }));
}
