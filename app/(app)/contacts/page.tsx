"use client";
import { useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { useRole } from "../use-role.ts";
import { ContactForm, type TContact, type TContactData } from "./contact-form.tsx";

/** The people the dispatcher tells: email, pager (numeric or TAP), duty hours. */
export default function ContactsPage() {
  const [rows, setRows] = useState<TContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TContact | null>(null);
  // Contacts are an admin's to change (the server refuses others): everyone else reads.
  const admin = useRole() === "ADMIN";
  const load = useCallback(async () => setRows(await api.contact.list.query()), []);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);

  async function save(data: TContactData, form: HTMLFormElement) {
    setError(null);
    try {
      if (editing) await api.contact.update.mutate({ id: editing.id, data });
      else await api.contact.create.mutate(data);
      form.reset();
      setEditing(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const act = (p: Promise<unknown>) => p.then(load).catch((e) => setError(errorMessage(e)));

  return (
    <div>
      <h1>Contacts</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DataTable
        label="Contacts"
        rows={rows}
        empty="No contacts yet."
        columns={[
          { key: "name", label: "Name", render: (c) => c.name },
          { key: "email", label: "Email", render: (c) => c.email ?? "" },
          {
            key: "pager",
            label: "Pager",
            render: (c) => (c.pagerType === "NONE" ? "" : pagerSummary(c)),
          },
          {
            key: "duty",
            label: "Duty hours",
            render: (c) => (c.dutyHours ? `${c.dutyHours.from}–${c.dutyHours.to} ${c.dutyHours.timeZone}` : "always"),
          },
          { key: "enabled", label: "Enabled", render: (c) => (c.enabled ? "yes" : "no") },
          {
            key: "actions",
            label: "",
            render: (c) =>
              admin && (
                <span className="row">
                  <button type="button" onClick={() => setEditing(c)}>
                    Edit
                  </button>
                  <button type="button" onClick={() => act(api.contact.update.mutate({ id: c.id, data: { enabled: !c.enabled } }))}>
                    {c.enabled ? "Disable" : "Enable"}
                  </button>
                  <button type="button" className="danger" onClick={() => act(api.contact.delete.mutate({ id: c.id }))}>
                    Delete
                  </button>
                </span>
              ),
          },
        ]}
      />
      {admin && (
        <>
          <h2>{editing ? `Edit ${editing.name}` : "Add a contact"}</h2>
          <ContactForm contact={editing} onSubmit={save} onCancel={editing ? () => setEditing(null) : undefined} />
        </>
      )}
    </div>
  );
}

/** "TAP 5550200 / 4001 · 1200 baud 7E1 · 128 chars": what the dispatcher will dial. */
function pagerSummary(c: TContact): string {
  const who = `${c.pagerType} ${c.pagerNumber ?? ""}${c.pagerId ? ` / ${c.pagerId}` : ""}`;
  if (c.pagerType !== "TAP") return who;
  return `${who} · ${c.pagerBaud ? `${c.pagerBaud} baud ` : ""}${c.pagerFormat ?? "7E1/8N1"} · ${c.pagerMaxLength ?? 128} chars`;
}
