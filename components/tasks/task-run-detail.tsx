import { OssiTable } from "./ossi-table.tsx";
import { answersOf, KIND_LABEL, type TTaskRun } from "./types.ts";

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

export function TaskStatus({ status }: { status: string }) {
  return <span className={`badge task-${status}`}>{status.toLowerCase()}</span>;
}

/** A task run: status, reason, the OSSI answers as tables, the transcript (passwords redacted by the server). */
export function TaskRunDetail({ run }: { run: TTaskRun }) {
  const answers = answersOf(run.result);
  return (
    <div className="task-run" aria-label={`Task ${run.id}`} data-status={run.status}>
      <dl className="kv">
        <dt>Task</dt>
        <dd>
          #{run.id} {KIND_LABEL[run.kind] ?? run.kind} <TaskStatus status={run.status} />
        </dd>
        <dt>Node / connection</dt>
        <dd>
          {run.nodeName ?? "—"} · {run.connectionType?.replace("_", "/") ?? "—"}
          {run.port ? ` · ${run.port}` : ""}
        </dd>
        <dt>Started / finished</dt>
        <dd>
          {when(run.startedAt)} / {when(run.finishedAt)}
        </dd>
        {run.reason && (
          <>
            <dt>Reason</dt>
            <dd data-testid="task-reason">{run.reason}</dd>
          </>
        )}
      </dl>
      {answers.map((a, i) => (
        <OssiTable key={i} answer={a} />
      ))}
      <h3>Transcript</h3>
      <pre className="raw" data-testid="transcript">
        {run.transcript || "(nothing yet)"}
      </pre>
    </div>
  );
}
