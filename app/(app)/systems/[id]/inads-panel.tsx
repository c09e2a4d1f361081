"use client";
import { useState } from "react";
import type { TSystemStatus } from "@/components/systems/types.ts";
import { TaskStatus } from "@/components/tasks/task-run-detail.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { TaskRunLive } from "../../tasks/task-run-live.tsx";

/** The last INADS link test and the button that starts one (the verdict waits for the system's test alarm). */
export function InadsPanel({
  systemId,
  status,
  canRun,
  onRun,
}: {
  systemId: number;
  status: TSystemStatus | null;
  canRun: boolean;
  onRun: () => void;
}) {
  const [runId, setRunId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const last = status?.lastInads ?? null;
  const start = async () => {
    try {
      setRunId((await api.task.run.mutate({ systemId, kind: "INADS_TEST" })).id);
      setError(null);
      onRun();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section className="panel" aria-label="INADS link test">
      <h2>INADS link test</h2>
      <p data-testid="last-inads">
        {last ? (
          <>
            Last test #{last.id}: <TaskStatus status={last.status} />
            {last.finishedAt ? ` ${new Date(last.finishedAt).toLocaleString()}` : ""}
            {last.reason ? ` — ${last.reason}` : ""}
          </>
        ) : (
          <span className="muted">Never tested.</span>
        )}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {canRun && (
        <button type="button" onClick={() => void start()}>
          Test INADS link
        </button>
      )}
      {runId !== null && <TaskRunLive id={runId} />}
    </section>
  );
}
