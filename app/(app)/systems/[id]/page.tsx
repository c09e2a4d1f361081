"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { SystemFlags } from "@/components/systems/system-flags.tsx";
import type { TSystem, TSystemStatus } from "@/components/systems/types.ts";
import { TaskTable } from "@/components/tasks/task-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { TaskRunLive } from "../../tasks/task-run-live.tsx";
import { canRunTasks, useRole } from "../../tasks/use-role.ts";
import { useTaskList } from "../../tasks/use-task-list.ts";
import { ConfigReportPanel } from "./config-report-panel.tsx";
import { ConnectNow } from "./connect-now.tsx";
import { HostKeyPanel } from "./host-key-panel.tsx";
import { InadsPanel } from "./inads-panel.tsx";

const CONNECTION: Record<string, string> = { MODEM: "Standard modem", RAS_PPP: "RAS/PPP", DIRECT_IP: "Direct IP" };

export default function SystemPage() {
  const id = Number(useParams<{ id: string }>().id);
  const role = useRole();
  const [system, setSystem] = useState<TSystem | null>(null);
  const [status, setStatus] = useState<TSystemStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const history = useTaskList({ systemId: id }, 20);

  const load = useCallback(async () => {
    try {
      const [s, st] = await Promise.all([api.system.get.query({ id }), api.task.systemStatus.query({ systemId: id })]);
      setSystem(s);
      setStatus(st[0] ?? null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // The last INADS test and the flags change as runs finish: read them with the history.
  const latest = history.items[0]?.status;
  useEffect(() => {
    void load();
  }, [latest, load]);

  const onRun = () => void history.load();
  if (error && !system)
    return (
      <div>
        <h1>System</h1>
        <p className="error" role="alert">
          {error}
        </p>
        <Link href="/systems">All systems</Link>
      </div>
    );
  if (!system) return <p className="muted">Loading…</p>;
  const ip = system.connectionType !== "MODEM";
  return (
    <div className="stack">
      <p>
        <Link href="/systems">← Systems</Link>
      </p>
      <h1>{system.name}</h1>
      <section className="panel" aria-label="Connection">
        <h2>Connection</h2>
        <dl className="kv">
          <dt>Product ID</dt>
          <dd>
            <code>{system.productId}</code>
          </dd>
          <dt>Model / customer</dt>
          <dd>
            {system.model ?? "—"} / {system.customer?.name ?? "—"}
          </dd>
          <dt>Connection</dt>
          <dd>{CONNECTION[system.connectionType] ?? system.connectionType}</dd>
          {system.dialNumber && (
            <>
              <dt>Modem number</dt>
              <dd>{system.dialNumber}</dd>
            </>
          )}
          {ip && (
            <>
              <dt>SAT over IP</dt>
              <dd>
                {system.satProtocol === "TELNET" ? "telnet" : "SSH"} to{" "}
                {system.ipAddress ?? (system.connectionType === "RAS_PPP" ? "the PPP peer" : "—")}:
                {system.ipPort ?? (system.satProtocol === "TELNET" ? 5023 : 5022)}
              </dd>
            </>
          )}
          {system.connectionType === "RAS_PPP" && (
            <>
              <dt>PPP user</dt>
              <dd>
                {system.pppUser ?? "—"}
                {system.hasPppPassword ? " (password set)" : ""}
              </dd>
            </>
          )}
          <dt>SAT login</dt>
          <dd>
            {system.satLogin ?? "—"}
            {system.hasSatPassword ? " (password set)" : ""} · terminal type {system.terminalType ?? "ossi4"}
          </dd>
          <dt>State</dt>
          <dd>{status ? <SystemFlags status={status} /> : "—"}</dd>
        </dl>
      </section>
      {ip && system.satProtocol !== "TELNET" && <HostKeyPanel system={system} admin={role === "ADMIN"} onChange={() => void load()} />}
      {canRunTasks(role) && <ConnectNow systemId={id} onRun={onRun} />}
      <InadsPanel systemId={id} status={status} canRun={canRunTasks(role)} onRun={onRun} />
      <ConfigReportPanel systemId={id} admin={role === "ADMIN"} canRun={canRunTasks(role)} onRun={onRun} />
      <section className="panel" aria-label="Task history">
        <h2>Task history</h2>
        {history.error && (
          <p className="error" role="alert">
            {history.error}
          </p>
        )}
        <TaskTable items={history.items} open={open} onOpen={setOpen} renderOpen={(id) => <TaskRunLive id={id} />} showSystem={false} />
        {history.older && (
          <button type="button" onClick={() => void history.older?.()}>
            Older runs
          </button>
        )}
        <Link href="/tasks">All tasks</Link>
      </section>
    </div>
  );
}
