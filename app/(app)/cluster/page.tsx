"use client";
import { useCallback, useEffect, useState } from "react";
import { EventList } from "@/components/cluster/event-list.tsx";
import { NodeTable, PortCounts } from "@/components/cluster/node-table.tsx";
import { RolesEditor } from "@/components/cluster/roles-editor.tsx";
import type { TClusterView, TEvent, TRoles } from "@/components/cluster/types.ts";
import { useSession } from "@/components/layout/session.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

// Nodes appear and heartbeats age live: the page refreshes as often as a node beats.
const REFRESH_MS = 1500;

export default function ClusterPage() {
  const [view, setView] = useState<TClusterView | null>(null);
  const [events, setEvents] = useState<TEvent[]>([]);
  const { role } = useSession();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [v, ev] = await Promise.all([api.cluster.list.query(), api.cluster.events.query({ limit: 30 })]);
      setView(v);
      setEvents(ev);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setNotice(what);
      setError(null);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const node = view?.nodes.find((n) => n.name === editing) ?? null;
  const isAdmin = role === "ADMIN";

  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ margin: 0 }}>Cluster</h1>
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
      {view && (
        <>
          <p>
            Primary:{" "}
            {view.primary ? <strong data-testid="primary-name">{view.primary.name}</strong> : <strong className="error">none</strong>}
            {view.primary && <span className="muted"> (epoch {view.primary.epoch})</span>} · Modem pool: <PortCounts c={view.pool} />
          </p>
          {view.warnings.length > 0 && (
            <ul aria-label="Cluster warnings" className="panel" style={{ margin: 0, borderColor: "var(--minor)" }}>
              {view.warnings.map((w) => (
                <li key={w} style={{ color: "var(--minor)" }}>
                  {w}
                </li>
              ))}
            </ul>
          )}
          <NodeTable
            nodes={view.nodes}
            isAdmin={isAdmin}
            onEdit={setEditing}
            onDrain={(name) => void act(`${name} is draining`, () => api.cluster.drain.mutate({ name }))}
            onResume={(name) => void act(`${name} resumed`, () => api.cluster.resume.mutate({ name }))}
            onRemove={(name) => {
              if (window.confirm(`Remove ${name} and its modem ports from the cluster?`))
                void act(`${name} removed`, () => api.cluster.remove.mutate({ name }));
            }}
          />
          {node && isAdmin && (
            <RolesEditor
              key={node.name}
              node={node}
              onClose={() => setEditing(null)}
              onSave={(roles: TRoles) => act(`Roles of ${node.name} saved`, () => api.cluster.setRoles.mutate({ name: node.name, roles }))}
              onAddPort={(port) => act(`Port ${port.device} added`, () => api.cluster.addPort.mutate({ nodeName: node.name, port }))}
              onUpdatePort={(id, patch) => act("Port changed", () => api.cluster.updatePort.mutate({ id, patch }))}
              onRemovePort={(id) => act("Port removed", () => api.cluster.removePort.mutate({ id }))}
            />
          )}
        </>
      )}
      <h2 style={{ margin: 0 }}>Recent cluster events</h2>
      <EventList events={events} />
    </div>
  );
}
