import { TaskStatus } from "@/components/tasks/task-run-detail.tsx";
import type { TSystemStatus } from "./types.ts";

const day = (d: Date | string) => new Date(d).toLocaleString();

/** A system's server-task state in a few words: last INADS test, unreachable, configuration changed. */
export function SystemFlags({ status, brief = false }: { status: TSystemStatus; brief?: boolean }) {
  const last = status.lastInads;
  return (
    <span className="flags">
      {last ? (
        <span title={last.reason ?? undefined}>
          INADS <TaskStatus status={last.status} />
          {!brief && last.finishedAt ? ` ${day(last.finishedAt)}` : ""}
        </span>
      ) : (
        <span className="muted">INADS never tested</span>
      )}
      {status.unreachableSince && (
        <span className="badge task-ERROR" title={`${status.taskFailures} failures in a row since ${day(status.unreachableSince)}`}>
          unreachable
        </span>
      )}
      {status.configChangedAt && (
        <span className="badge task-FAILED" title={`configuration changed (report of ${day(status.configChangedAt)})`}>
          config changed
        </span>
      )}
    </span>
  );
}
