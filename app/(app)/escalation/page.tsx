"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { useRole } from "../use-role.ts";
import { DispatchRules } from "./dispatch-rules.tsx";
import { TemplateEditor } from "./template-editor.tsx";

type TPolicy = Awaited<ReturnType<typeof api.escalation.list.query>>[number];
type TContact = Awaited<ReturnType<typeof api.contact.list.query>>[number];
type TChannel = "EMAIL" | "PAGER";
const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
const LEVELS = [1, 2, 3, 4] as const;

/** Escalation policies (who is told, how, and after how long), silences, alternate alarm types, templates. */
export default function EscalationPage() {
  const [policies, setPolicies] = useState<TPolicy[]>([]);
  const [contacts, setContacts] = useState<TContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const role = useRole();
  const admin = role === "ADMIN";
  const load = useCallback(async () => {
    const [p, c] = await Promise.all([api.escalation.list.query(), api.contact.list.query()]);
    setPolicies(p);
    setContacts(c);
  }, []);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);
  const name = (id: number) => contacts.find((c) => c.id === id)?.name ?? `#${id}`;

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const levels = LEVELS.flatMap((l) => {
      const contactIds = f.getAll(`contacts${l}`).map(Number);
      if (contactIds.length === 0) return [];
      return [{ afterSec: Number(f.get(`after${l}`) || 0) * 60, contactIds, channels: f.getAll(`channels${l}`).map(String) as TChannel[] }];
    });
    setError(null);
    try {
      await api.escalation.create.mutate({
        name: String(f.get("name")),
        match: {
          severities: f.getAll("severities").map(String) as (typeof SEVERITIES)[number][],
          maintObject: String(f.get("maintObject") || "") || null,
        },
        levels,
        notifyResolved: f.get("notifyResolved") === "on",
      });
      form.reset();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div>
      <h1>Escalation</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DataTable
        label="Escalation policies"
        rows={policies}
        empty="No escalation policies: no alarm is notified."
        columns={[
          { key: "name", label: "Policy", render: (p) => p.name },
          {
            key: "match",
            label: "Matches",
            render: (p) =>
              [p.match.severities.join(", ") || "any severity", p.match.maintObject ? `MO ${p.match.maintObject}` : ""]
                .filter(Boolean)
                .join(" · "),
          },
          {
            key: "levels",
            label: "Levels",
            render: (p) =>
              p.levels.map((l, i) => (
                <div key={`${p.id}-${i}`}>
                  {i === 3 ? "4 (jeopardy)" : i + 1}: after {Math.round(l.afterSec / 60)} min → {l.contactIds.map(name).join(", ")} by{" "}
                  {l.channels.join(" + ").toLowerCase()}
                </div>
              )),
          },
          { key: "resolved", label: "Resolved notice", render: (p) => (p.notifyResolved ? "yes" : "no") },
          {
            key: "actions",
            label: "",
            render: (p) =>
              admin && (
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    api.escalation.delete
                      .mutate({ id: p.id })
                      .then(load)
                      .catch((e) => setError(errorMessage(e)))
                  }
                >
                  Delete
                </button>
              ),
          },
        ]}
      />
      {admin && <h2>New policy</h2>}
      {admin && (
        <form className="panel" onSubmit={create} aria-label="New escalation policy">
          <div className="filters">
            <label>
              Name
              <input name="name" required />
            </label>
            <label>
              Maintenance object (glob)
              <input name="maintObject" placeholder="DS1*" />
            </label>
            <fieldset>
              <legend>Severities (none: all)</legend>
              {SEVERITIES.map((s) => (
                <label key={s} className="row">
                  <input type="checkbox" name="severities" value={s} />
                  {s.toLowerCase()}
                </label>
              ))}
            </fieldset>
            <label className="row">
              <input type="checkbox" name="notifyResolved" />
              Send a resolved notice
            </label>
          </div>
          {LEVELS.map((l) => (
            <fieldset key={l} aria-label={`Level ${l}`}>
              <legend>Level {l === 4 ? "4 (jeopardy)" : l}</legend>
              <label>
                After (minutes from first seen)
                <input name={`after${l}`} type="number" min={0} defaultValue={l === 1 ? 0 : (l - 1) * 15} />
              </label>
              {contacts.map((c) => (
                <label key={c.id} className="row">
                  <input type="checkbox" name={`contacts${l}`} value={c.id} />
                  {c.name}
                </label>
              ))}
              <label className="row">
                <input type="checkbox" name={`channels${l}`} value="EMAIL" defaultChecked />
                email
              </label>
              <label className="row">
                <input type="checkbox" name={`channels${l}`} value="PAGER" />
                pager
              </label>
            </fieldset>
          ))}
          <button type="submit" className="primary">
            Create policy
          </button>
        </form>
      )}
      <DispatchRules onError={setError} role={role} />
      <TemplateEditor onError={setError} canEdit={admin} />
    </div>
  );
}
