import { formatBytes, formatMs } from "@/lib/maintenance/format.ts";
import { ROUTINE_TITLE, stamp, type TRun } from "./types.ts";

/** Sizes and counts from a run's result, in a few words. */
function figures(r: TRun): string {
  const x = (r.result ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof x.sizeBytes === "number") parts.push(formatBytes(x.sizeBytes));
  if (typeof x.archived === "number") parts.push(`${x.archived} archived`);
  if (typeof x.purged === "number" && x.purged > 0) parts.push(`${x.purged} purged`);
  if (typeof x.sent === "number") parts.push(`${x.sent} sent`);
  if (typeof x.failed === "number" && x.failed > 0) parts.push(`${x.failed} failed`);
  if (typeof x.durationMs === "number") parts.push(formatMs(x.durationMs));
  return parts.join(", ");
}

const STATUS_CLASS: Record<string, string> = {
  PASSED: "st-RESOLVED",
  RUNNING: "st-ACKNOWLEDGED",
  FAILED: "sev-CRITICAL",
  ERROR: "sev-MAJOR",
};

export function RunTable({ runs }: { runs: TRun[] }) {
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  return (
    <table className="panel" aria-label="Recent runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Routine</th>
          <th>Status</th>
          <th>Node</th>
          <th>Started</th>
          <th>Finished</th>
          <th>Size / counts</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} data-testid={`run-${r.id}`}>
            <td>
              {r.id}
              <div className="muted">{r.trigger.toLowerCase()}</div>
            </td>
            <td>{ROUTINE_TITLE[r.kind]}</td>
            <td>
              <span className={`badge ${STATUS_CLASS[r.status] ?? ""}`}>{r.status}</span>
            </td>
            <td>{r.nodeName}</td>
            <td>{stamp(r.startedAt)}</td>
            <td>{stamp(r.finishedAt)}</td>
            <td>{figures(r)}</td>
            {/* break-word, not anywhere: anywhere shrinks the column to a few letters on a phone */}
            <td style={{ minWidth: 220, maxWidth: 480 }}>{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
