"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TContact = Awaited<ReturnType<typeof api.contact.list.query>>[number];

/** The people the dispatcher tells: email, pager (numeric or TAP), duty hours. */
export default function ContactsPage() {
  const [rows, setRows] = useState<TContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => setRows(await api.contact.list.query()), []);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const str = (k: string) => String(f.get(k) ?? "").trim();
    const days = f.getAll("days").map(Number);
    setError(null);
    try {
      await api.contact.create.mutate({
        name: str("name"),
        email: str("email") || null,
        pagerType: str("pagerType") as "NONE" | "NUMERIC" | "TAP",
        pagerNumber: str("pagerNumber") || null,
        pagerId: str("pagerId") || null,
        ...(str("pagerPassword") ? { pagerPassword: str("pagerPassword") } : {}),
        dutyHours: str("from") && str("to") ? { days, from: str("from"), to: str("to"), timeZone: str("timeZone") || "UTC" } : null,
      });
      form.reset();
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
            render: (c) => (c.pagerType === "NONE" ? "" : `${c.pagerType} ${c.pagerNumber ?? ""}${c.pagerId ? ` / ${c.pagerId}` : ""}`),
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
            render: (c) => (
              <span className="row">
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
      <h2>Add a contact</h2>
      <form className="panel filters" onSubmit={create} aria-label="Add a contact">
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Email
          <input name="email" type="email" />
        </label>
        <label>
          Pager type
          <select name="pagerType" defaultValue="NONE">
            <option value="NONE">none</option>
            <option value="NUMERIC">numeric</option>
            <option value="TAP">TAP (alphanumeric)</option>
          </select>
        </label>
        <label>
          Pager number
          <input name="pagerNumber" placeholder="numeric: the pager; TAP: the service's modem" />
        </label>
        <label>
          Pager ID (TAP)
          <input name="pagerId" />
        </label>
        <label>
          TAP password
          <input name="pagerPassword" type="password" maxLength={6} autoComplete="new-password" />
        </label>
        <fieldset>
          <legend>Duty hours (empty: always)</legend>
          {["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map((d, i) => (
            <label key={d} className="row">
              <input type="checkbox" name="days" value={i} defaultChecked={i > 0 && i < 6} />
              {d}
            </label>
          ))}
          <label>
            From
            <input name="from" type="time" />
          </label>
          <label>
            To
            <input name="to" type="time" />
          </label>
          <label>
            Time zone
            <input name="timeZone" placeholder="UTC" />
          </label>
        </fieldset>
        <button type="submit" className="primary">
          Add contact
        </button>
      </form>
    </div>
  );
}
