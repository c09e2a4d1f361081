"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { CommandRuleForm, type TRuleDraft } from "@/components/tasks/command-rule-form.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { useRole } from "../use-role.ts";

type TRule = Awaited<ReturnType<typeof api.commandRule.list.query>>[number];
type TSeverity = "CRITICAL" | "MAJOR" | "MINOR" | "WARNING" | "INFO";

const NEW_RULE: TRuleDraft = { name: "", maintObject: "", severities: [], steps: [], resolveOnPass: false, enabled: true };
const stepText = (s: TRule["steps"][number]) => [s.command, s.sendPortInfo ? "<port>" : "", s.suffix ?? ""].filter(Boolean).join(" ");

/** Commands after alarms: the seeded library (disabled until an admin enables it) and the admins' own rules. */
export default function CommandRulesPage() {
  const role = useRole();
  const admin = role === "ADMIN";
  const [rules, setRules] = useState<TRule[]>([]);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRules(await api.commandRule.list.query());
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setError(null);
      setEditing(null);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const save = (id: number | "new") => async (d: TRuleDraft) => {
    const body = { ...d, severities: d.severities as TSeverity[] };
    await act(() => (id === "new" ? api.commandRule.create.mutate(body) : api.commandRule.update.mutate({ id, patch: body })));
  };

  return (
    <div>
      <h1>Command rules</h1>
      <p className="muted">
        After a new alarm (never a repeat) whose maintenance object and severity match, a node allowed to runs the rule's SAT commands and
        puts the answers on the alarm's timeline. The library rules start disabled. <Link href="/tasks">Tasks</Link>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {admin && editing === null && (
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          New rule
        </button>
      )}
      {admin && editing === "new" && (
        <CommandRuleForm label="New command rule" initial={NEW_RULE} onSave={save("new")} onCancel={() => setEditing(null)} />
      )}
      <div className="scroll-x">
        <table aria-label="Command rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Object</th>
              <th>Severities</th>
              <th>Steps</th>
              <th>Resolve on pass</th>
              <th>Enabled</th>
              {admin && <th />}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule={r.name}>
                <td>
                  {r.name}
                  {r.library ? <span className="muted"> (library)</span> : null}
                </td>
                <td>
                  <code>{r.maintObject ?? "any"}</code>
                </td>
                <td>{r.severities.length ? r.severities.map((s) => s.toLowerCase()).join(", ") : "any"}</td>
                <td>
                  <ol className="steps">
                    {r.steps.map((s, i) => (
                      <li key={i}>
                        <code>{stepText(s)}</code>
                      </li>
                    ))}
                  </ol>
                </td>
                <td>{r.resolveOnPass ? "yes" : "no"}</td>
                <td>{r.enabled ? "enabled" : "disabled"}</td>
                {admin && (
                  <td>
                    <div className="toolbar">
                      <button
                        type="button"
                        aria-label={`${r.enabled ? "Disable" : "Enable"} ${r.name}`}
                        onClick={() => void act(() => api.commandRule.update.mutate({ id: r.id, patch: { enabled: !r.enabled } }))}
                      >
                        {r.enabled ? "Disable" : "Enable"}
                      </button>
                      <button type="button" aria-label={`Edit ${r.name}`} onClick={() => setEditing(r.id)}>
                        Edit
                      </button>
                      {!r.library && (
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Delete ${r.name}`}
                          onClick={() => void act(() => api.commandRule.delete.mutate({ id: r.id }))}
                        >
                          Delete
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {admin &&
        typeof editing === "number" &&
        rules
          .filter((r) => r.id === editing)
          .map((r) => (
            <CommandRuleForm
              key={r.id}
              label={`Edit ${r.name}`}
              initial={{ ...r, severities: r.severities as string[] }}
              onSave={save(r.id)}
              onCancel={() => setEditing(null)}
            />
          ))}
    </div>
  );
}
