"use client";
import { useState } from "react";
import { stamp, type TAlarmReport } from "./types.ts";

type TOption = { id: number; name: string };
const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
type TSeverity = (typeof SEVERITIES)[number];
export type TReportForm = {
  name: string;
  recipients: string[];
  frequency: "DAILY" | "WEEKLY" | "MONTHLY";
  filter: { customerId: number | null; systemId: number | null; severity: TSeverity[] | null };
  enabled: boolean;
};

const EMPTY: TReportForm = {
  name: "",
  recipients: [],
  frequency: "DAILY",
  filter: { customerId: null, systemId: null, severity: null },
  enabled: true,
};

function describeFilter(r: TAlarmReport, systems: TOption[], customers: TOption[]): string {
  const f = r.filter;
  const parts: string[] = [];
  if (f.customerId != null) parts.push(customers.find((c) => c.id === f.customerId)?.name ?? `customer ${f.customerId}`);
  if (f.systemId != null) parts.push(systems.find((s) => s.id === f.systemId)?.name ?? `system ${f.systemId}`);
  if (f.severity?.length) parts.push(f.severity.join(", ").toLowerCase());
  return parts.join(" · ") || "all alarms";
}

/** Alarm report definitions: who gets which alarms, how often; send now; edit; delete. */
export function AlarmReportEditor({
  reports,
  systems,
  customers,
  canEdit,
  canSend,
  onSave,
  onDelete,
  onSendNow,
}: {
  reports: TAlarmReport[];
  systems: TOption[];
  customers: TOption[];
  canEdit: boolean;
  canSend: boolean;
  onSave: (id: number | null, form: TReportForm) => Promise<boolean>;
  onDelete: (id: number) => Promise<void>;
  onSendNow: (id: number) => Promise<void>;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<TReportForm>(EMPTY);
  const [recipients, setRecipients] = useState("");
  const [busy, setBusy] = useState<number | "form" | null>(null);

  const edit = (r: TAlarmReport | null) => {
    setEditing(r?.id ?? null);
    const f = r
      ? {
          name: r.name,
          recipients: r.recipients,
          frequency: r.frequency,
          filter: {
            customerId: r.filter.customerId ?? null,
            systemId: r.filter.systemId ?? null,
            severity: (r.filter.severity ?? null) as TSeverity[] | null,
          },
          enabled: r.enabled,
        }
      : EMPTY;
    setForm(f);
    setRecipients(f.recipients.join(", "));
  };
  const toggleSeverity = (s: TSeverity) => {
    const cur = form.filter.severity ?? [];
    const next = cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s];
    setForm({ ...form, filter: { ...form.filter, severity: next.length ? next : null } });
  };
  const submit = async () => {
    setBusy("form");
    const ok = await onSave(editing, { ...form, recipients: recipients.split(/[\s,;]+/).filter(Boolean) });
    setBusy(null);
    if (ok) edit(null);
  };

  return (
    <div style={{ display: "grid", gap: 8 }}>
      {reports.length === 0 ? (
        <p className="muted">No alarm reports defined.</p>
      ) : (
        <table className="panel" aria-label="Alarm reports">
          <thead>
            <tr>
              <th>Name</th>
              <th>Frequency</th>
              <th>Recipients</th>
              <th>Alarms</th>
              <th>Last sent</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name}
                  {!r.enabled && <span className="muted"> (off)</span>}
                </td>
                <td>{r.frequency.toLowerCase()}</td>
                <td style={{ minWidth: 160 }}>{r.recipients.join(", ")}</td>
                <td>{describeFilter(r, systems, customers)}</td>
                <td>{stamp(r.lastSentAt)}</td>
                <td>
                  <div className="row">
                    {canSend && (
                      <button
                        type="button"
                        disabled={busy === r.id}
                        onClick={async () => {
                          setBusy(r.id);
                          await onSendNow(r.id);
                          setBusy(null);
                        }}
                      >
                        {busy === r.id ? "Sending…" : "Send now"}
                      </button>
                    )}
                    {canEdit && (
                      <>
                        <button type="button" onClick={() => edit(r)}>
                          Edit
                        </button>
                        <button type="button" className="danger" onClick={() => void onDelete(r.id)}>
                          Delete
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form
          className="panel row"
          aria-label={editing ? "Edit alarm report" : "New alarm report"}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="report-name">
            Name
            <input id="report-name" value={form.name} required onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label htmlFor="report-recipients">
            Recipients
            <input
              id="report-recipients"
              value={recipients}
              required
              placeholder="noc@example.com, boss@example.com"
              onChange={(e) => setRecipients(e.target.value)}
            />
          </label>
          <label htmlFor="report-frequency">
            Frequency
            <select
              id="report-frequency"
              value={form.frequency}
              onChange={(e) => setForm({ ...form, frequency: e.target.value as TReportForm["frequency"] })}
            >
              <option value="DAILY">daily</option>
              <option value="WEEKLY">weekly</option>
              <option value="MONTHLY">monthly</option>
            </select>
          </label>
          <label htmlFor="report-customer">
            Customer
            <select
              id="report-customer"
              value={form.filter.customerId ?? ""}
              onChange={(e) => setForm({ ...form, filter: { ...form.filter, customerId: e.target.value ? Number(e.target.value) : null } })}
            >
              <option value="">all</option>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="report-system">
            System
            <select
              id="report-system"
              value={form.filter.systemId ?? ""}
              onChange={(e) => setForm({ ...form, filter: { ...form.filter, systemId: e.target.value ? Number(e.target.value) : null } })}
            >
              <option value="">all</option>
              {systems.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="row" style={{ border: "none", padding: 0, margin: 0 }}>
            <legend className="muted">Severities (none = all)</legend>
            {SEVERITIES.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={form.filter.severity?.includes(s) ?? false} onChange={() => toggleSeverity(s)} />{" "}
                {s.toLowerCase()}
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> Enabled
          </label>
          <button type="submit" className="primary" disabled={busy === "form"}>
            {editing ? "Save report" : "Add report"}
          </button>
          {editing && (
            <button type="button" onClick={() => edit(null)}>
              Cancel
            </button>
          )}
        </form>
      )}
    </div>
  );
}
