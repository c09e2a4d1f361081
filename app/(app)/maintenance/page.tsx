"use client";
import { useCallback, useEffect, useState } from "react";
import { AlarmReportEditor, type TReportForm } from "@/components/maintenance/alarm-report-editor.tsx";
import { RoutineCard } from "@/components/maintenance/routine-card.tsx";
import { RunTable } from "@/components/maintenance/run-table.tsx";
import { ROUTINE_TITLE, type TAlarmReport, type TRoutine, type TRun } from "@/components/maintenance/types.ts";
import { useSession } from "@/components/layout/session.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

// Runs start and finish on the primary: refresh often enough to see "run now" take effect.
const REFRESH_MS = 2000;

export default function MaintenancePage() {
  const [routines, setRoutines] = useState<TRoutine[]>([]);
  const [runs, setRuns] = useState<TRun[]>([]);
  const [reports, setReports] = useState<TAlarmReport[]>([]);
  const [options, setOptions] = useState<{ systems: { id: number; name: string }[]; customers: { id: number; name: string }[] }>({
    systems: [],
    customers: [],
  });
  const { role } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [r, ru, rep] = await Promise.all([
        api.maintenance.list.query(),
        api.maintenance.runs.query({ limit: 30 }),
        api.alarmReport.list.query(),
      ]);
      setRoutines(r);
      setRuns(ru.items);
      setReports(rep);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
    Promise.all([api.system.list.query(), api.system.customers.query()]).then(
      ([systems, customers]) => setOptions({ systems, customers }),
      () => {},
    );
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await fn();
      setNotice(done);
      setError(null);
      await load();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      setNotice(null);
      return false;
    }
  };
  const isAdmin = role === "ADMIN";
  const saveReport = (id: number | null, form: TReportForm) =>
    act(
      () => (id ? api.alarmReport.update.mutate({ id, ...form }) : api.alarmReport.create.mutate(form)),
      id ? `Alarm report "${form.name}" saved.` : `Alarm report "${form.name}" added.`,
    );

  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ margin: 0 }}>Maintenance</h1>
      <p className="muted" style={{ margin: 0 }}>
        The primary runs these routines once in each window (and again in the same window when a failover cut a run short). Each node's
        server roles on the Cluster page decide whether it may run them when it is primary.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {routines.map((r) => (
        <RoutineCard
          key={r.kind}
          routine={r}
          canEdit={isAdmin}
          onSave={async (s) => {
            await act(() => api.maintenance.update.mutate({ kind: r.kind, ...s }), `${ROUTINE_TITLE[r.kind]} saved.`);
          }}
          onRunNow={async () => {
            await act(() => api.maintenance.runNow.mutate({ kind: r.kind }), `${ROUTINE_TITLE[r.kind]}: started on the primary.`);
          }}
        />
      ))}
      <section aria-label="Alarm reports" style={{ display: "grid", gap: 8 }}>
        <h2 style={{ margin: 0 }}>Alarm reports</h2>
        <AlarmReportEditor
          reports={reports}
          systems={options.systems}
          customers={options.customers}
          canEdit={isAdmin}
          canSend={isAdmin || role === "TECHNICIAN"}
          onSave={saveReport}
          onDelete={async (id) => {
            await act(() => api.alarmReport.delete.mutate({ id }), "Alarm report deleted.");
          }}
          onSendNow={async (id) => {
            try {
              const r = await api.alarmReport.sendNow.mutate({ id });
              if (r.status === "PASSED") setNotice(`Sent: ${r.detail}`);
              else setError(`Not sent: ${r.detail}`);
              await load();
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        />
      </section>
      <section aria-label="Recent runs" style={{ display: "grid", gap: 8 }}>
        <h2 style={{ margin: 0 }}>Recent runs</h2>
        <RunTable runs={runs} />
      </section>
    </div>
  );
}
