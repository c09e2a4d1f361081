"use client";
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { TaskStatus } from "./task-run-detail.tsx";
import { KIND_LABEL, type TTaskItem } from "./types.ts";

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

/** Task runs, newest first; a row opens its transcript, result and reason underneath. */
export function TaskTable({
  items,
  open,
  onOpen,
  showSystem = true,
  renderOpen,
}: {
  items: TTaskItem[];
  open: number | null;
  onOpen: (id: number | null) => void;
  showSystem?: boolean;
  /** What an opened row shows underneath (the run, read live). */
  renderOpen: (id: number) => ReactNode;
}) {
  if (items.length === 0) return <p className="muted">No task runs.</p>;
  const cols = showSystem ? 7 : 6;
  return (
    <div className="scroll-x">
      <table aria-label="Task runs">
        <thead>
          <tr>
            <th>#</th>
            <th>Kind</th>
            {showSystem && <th>System</th>}
            <th>Status</th>
            <th>Queued</th>
            <th>Node</th>
            <th>Reason / progress</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <Fragment key={t.id}>
              <tr data-task={t.id}>
                <td>
                  <button type="button" aria-expanded={open === t.id} onClick={() => onOpen(open === t.id ? null : t.id)}>
                    {open === t.id ? "Close" : "Open"} #{t.id}
                  </button>
                </td>
                <td>{KIND_LABEL[t.kind] ?? t.kind}</td>
                {showSystem && <td>{t.systemId ? <Link href={`/systems/${t.systemId}`}>{t.systemName ?? t.systemId}</Link> : "—"}</td>}
                <td>
                  <TaskStatus status={t.status} />
                  {t.attempts > 1 ? <span className="muted"> attempt {t.attempts}</span> : null}
                </td>
                <td>{when(t.createdAt)}</td>
                <td>
                  {t.nodeName ?? "—"}
                  {t.port ? ` · ${t.port}` : ""}
                </td>
                <td>{t.reason ?? t.phase ?? ""}</td>
              </tr>
              {open === t.id && (
                <tr>
                  <td colSpan={cols}>{renderOpen(t.id)}</td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
