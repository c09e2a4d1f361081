import type { TDb } from "../db/index.ts";

const LABEL: Record<string, string> = { ALARM_REPORT: "alarm reporting", ARCHIVE: "archiving", BACKUP: "backup" };

/**
 * A maintenance routine whose latest run failed (or was cut short and not yet run again) is a
 * cluster warning until a later run passes. Read straight from MaintenanceRun: lib/maintenance
 * builds on lib/cluster, not the other way round.
 */
export async function maintenanceWarnings(db: TDb): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<
    { id: number; kind: string; status: string; nodeName: string; startedAt: Date; detail: string | null }[]
  >(
    `SELECT DISTINCT ON (kind) id, kind::text AS kind, status::text AS status, "nodeName", "startedAt", detail
     FROM "MaintenanceRun" ORDER BY kind, id DESC`,
  );
  return rows
    .filter((r) => r.status === "FAILED" || r.status === "ERROR")
    .map((r) => {
      const what = LABEL[r.kind] ?? r.kind;
      const verb = r.status === "FAILED" ? "failed" : "did not finish";
      return `The last ${what} run ${verb} (run ${r.id} on ${r.nodeName}, ${r.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC): ${(r.detail ?? "").slice(0, 300)}`;
    });
}
