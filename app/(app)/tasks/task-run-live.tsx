"use client";
import { TaskRunDetail } from "@/components/tasks/task-run-detail.tsx";
import { useTaskRun } from "./use-task-run.ts";

/** A task run as it happens: read again every second until it has finished. */
export function TaskRunLive({ id }: { id: number }) {
  const { run, error } = useTaskRun(id);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!run) return <p className="muted">Loading task {id}…</p>;
  return <TaskRunDetail run={run} />;
}
