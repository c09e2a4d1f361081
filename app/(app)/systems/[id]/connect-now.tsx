"use client";
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { TaskRunLive } from "../../tasks/task-run-live.tsx";

/** Connect now: a SAT command run on the system by the next node that may reach it; the transcript grows as it answers. */
export function ConnectNow({ systemId, onRun }: { systemId: number; onRun: () => void }) {
  const [command, setCommand] = useState("display alarms");
  const [runId, setRunId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const { id } = await api.task.run.mutate({ systemId, kind: "MANUAL_COMMAND", commands: [command] });
      setRunId(id);
      setError(null);
      onRun();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-label="Connect now">
      <h2>Connect now</h2>
      <form className="toolbar" onSubmit={run} aria-label="Connect now command">
        <label className="grow">
          SAT command
          <input value={command} onChange={(e) => setCommand(e.target.value)} required maxLength={80} placeholder="display alarms" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Run command
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {runId !== null && <TaskRunLive id={runId} />}
    </section>
  );
}
