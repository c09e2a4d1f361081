"use client";
import { type FormEvent, useState } from "react";
import { ROLE_GROUPS, type TNode, type TPort, type TRoles } from "./types.ts";

type TPurpose = TPort["purpose"];

/** Edit > Server Roles for one node: role switches and its modem ports. Saving is the caller's job. */
export function RolesEditor({
  node,
  onSave,
  onAddPort,
  onUpdatePort,
  onRemovePort,
  onClose,
}: {
  node: TNode;
  onSave(roles: TRoles): Promise<void>;
  onAddPort(port: { device: string; purpose: TPurpose }): Promise<void>;
  onUpdatePort(id: number, patch: { purpose?: TPurpose; enabled?: boolean }): Promise<void>;
  onRemovePort(id: number): Promise<void>;
  onClose(): void;
}) {
  const [roles, setRoles] = useState<TRoles>(node.roles);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave(roles);
    } finally {
      setBusy(false);
    }
  }

  async function addPort(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    await onAddPort({ device: String(f.get("device") ?? ""), purpose: String(f.get("purpose")) as TPurpose });
    form.reset();
  }

  return (
    <section className="panel" aria-label={`Server roles of ${node.name}`} style={{ display: "grid", gap: 12 }}>
      <h2 style={{ margin: 0 }}>Server roles: {node.name}</h2>
      <form onSubmit={save} style={{ display: "grid", gap: 12 }}>
        <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: 12 }}>
          {ROLE_GROUPS.map((g) => (
            <fieldset key={g.title} style={{ border: "1px solid var(--line)", borderRadius: 6 }}>
              <legend>{g.title}</legend>
              {g.items.map((i) => (
                <label key={i.key} style={{ display: "flex", gap: 8, alignItems: "center", color: "var(--text)" }}>
                  <input type="checkbox" checked={roles[i.key]} onChange={(e) => setRoles({ ...roles, [i.key]: e.target.checked })} />
                  {i.label}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <div style={{ display: "flex", gap: 8 }}>
          <button type="submit" className="primary" disabled={busy}>
            Save roles
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>

      <h3 style={{ margin: 0 }}>Modem ports</h3>
      {node.ports.length === 0 ? (
        <p className="muted">No modem ports on this node.</p>
      ) : (
        <table aria-label={`Modem ports of ${node.name}`}>
          <thead>
            <tr>
              <th>Device</th>
              <th>Purpose</th>
              <th>Status</th>
              <th>Enabled</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {node.ports.map((p) => (
              <tr key={p.id}>
                <td>
                  <code>{p.device}</code>
                </td>
                <td>
                  <select
                    value={p.purpose}
                    aria-label={`Purpose of ${p.device}`}
                    onChange={(e) => void onUpdatePort(p.id, { purpose: e.target.value as TPurpose })}
                  >
                    <option value="ANSWER">answer</option>
                    <option value="DIALOUT">dial-out</option>
                    <option value="BOTH">both</option>
                  </select>
                </td>
                <td title={p.lastError ?? undefined}>{p.status.toLowerCase()}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={p.enabled}
                    aria-label={`${p.device} enabled`}
                    onChange={(e) => void onUpdatePort(p.id, { enabled: e.target.checked })}
                  />
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => void onRemovePort(p.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={addPort} style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}>
        <label>
          Device
          <input name="device" placeholder="/dev/ttyUSB0" required />
        </label>
        <label>
          Purpose
          <select name="purpose" defaultValue="BOTH">
            <option value="ANSWER">answer</option>
            <option value="DIALOUT">dial-out</option>
            <option value="BOTH">both</option>
          </select>
        </label>
        <button type="submit">Add port</button>
      </form>
    </section>
  );
}
