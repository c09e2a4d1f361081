"use client";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage, type TApiOutputs } from "@/lib/api/trpc.client.ts";
import { TaskRunLive } from "../../tasks/task-run-live.tsx";

type TSchedule = TApiOutputs["configSchedule"]["get"];
type TReport = TApiOutputs["configReport"]["list"]["items"][number];

const DEFAULT_COMMANDS = [
  "display system-parameters customer-options",
  "list configuration all",
  "display system-parameters maintenance",
  "list station",
];

/** Configuration reports of one system: the schedule (admins edit it), a report now (technicians), the stored reports. */
export function ConfigReportPanel({
  systemId,
  admin,
  canRun,
  onRun,
}: {
  systemId: number;
  admin: boolean;
  canRun: boolean;
  onRun: () => void;
}) {
  const [schedule, setSchedule] = useState<TSchedule | undefined>(undefined);
  const [reports, setReports] = useState<TReport[]>([]);
  const [runId, setRunId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([api.configSchedule.get.query({ systemId }), api.configReport.list.query({ systemId })]);
      setSchedule(s);
      setReports(r.items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [systemId]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (runId === null) return;
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [runId, load]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const commands = String(f.get("commands") ?? "")
      .split("\n")
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      await api.configSchedule.set.mutate({
        systemId,
        frequency: String(f.get("frequency")) as "NIGHTLY" | "WEEKLY" | "MONTHLY",
        commands: commands.length ? commands : undefined,
        enabled: !!f.get("enabled"),
      });
      setError(null);
      setSaved(true);
      await load();
    } catch (err) {
      setSaved(false);
      setError(errorMessage(err));
    }
  }

  const runNow = async () => {
    try {
      setRunId((await api.task.run.mutate({ systemId, kind: "CONFIG_REPORT" })).id);
      setError(null);
      onRun();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className="panel" aria-label="Configuration reports">
      <h2>Configuration reports</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {schedule === undefined ? (
        <p className="muted">Loading…</p>
      ) : admin ? (
        <form key={schedule?.id ?? "none"} aria-label="Configuration report schedule" onSubmit={save} onChange={() => setSaved(false)}>
          <div className="filters">
            <label>
              Frequency
              <select name="frequency" defaultValue={schedule?.frequency ?? "WEEKLY"}>
                <option value="NIGHTLY">Nightly</option>
                <option value="WEEKLY">Weekly</option>
                <option value="MONTHLY">Monthly</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" name="enabled" defaultChecked={schedule?.enabled ?? true} /> Enabled
            </label>
          </div>
          <label>
            Commands (one a line)
            <textarea name="commands" rows={5} className="wide" defaultValue={(schedule?.commands ?? DEFAULT_COMMANDS).join("\n")} />
          </label>
          <div className="toolbar">
            <button type="submit" className="primary">
              Save schedule
            </button>
            {saved && <span className="muted">Saved.</span>}
            {schedule?.lastRunAt && <span className="muted">Last scheduled run {new Date(schedule.lastRunAt).toLocaleString()}</span>}
          </div>
        </form>
      ) : (
        <p data-testid="schedule">
          {schedule
            ? `${schedule.frequency.toLowerCase()}, ${schedule.enabled ? "enabled" : "disabled"}: ${schedule.commands.join("; ")}`
            : "No schedule."}
        </p>
      )}
      {canRun && (
        <button type="button" onClick={() => void runNow()}>
          Run a configuration report now
        </button>
      )}
      {runId !== null && <TaskRunLive id={runId} />}
      <h3>Stored reports</h3>
      {reports.length === 0 ? (
        <p className="muted">No reports yet.</p>
      ) : (
        <ul className="reports" aria-label="Stored configuration reports">
          {reports.slice(0, 10).map((r) => (
            <li key={r.id}>
              #{r.id} {new Date(r.createdAt).toLocaleString()} {r.changed ? <span className="badge task-FAILED">changed</span> : null}{" "}
              <a href={`/api/reports/config/${r.id}?format=text`}>text</a> · <a href={`/api/reports/config/${r.id}?format=csv`}>CSV</a>
            </li>
          ))}
        </ul>
      )}
      <Link href="/reports">All configuration reports and their differences</Link>
    </section>
  );
}
