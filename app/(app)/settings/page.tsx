"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useSession } from "@/components/layout/session.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import { EmailSettings } from "./email-settings.tsx";
import { OwnPassword } from "./own-password.tsx";
import { ReplyMailboxSettings } from "./reply-mailbox-settings.tsx";

type TToken = Awaited<ReturnType<typeof api.token.list.query>>[number];
type TAudit = Awaited<ReturnType<typeof api.audit.list.query>>["items"][number];

export default function SettingsPage() {
  const { role } = useSession();
  const [tokens, setTokens] = useState<TToken[]>([]);
  const [audit, setAudit] = useState<TAudit[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (role !== "ADMIN") return;
    const [t, a] = await Promise.all([api.token.list.query(), api.audit.list.query({ limit: 50 })]);
    setTokens(t);
    setAudit(a.items);
  }, [role]);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);

  async function createToken(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    try {
      const t = await api.token.create.mutate({
        name: String(f.get("name")),
        role: String(f.get("role")) as "ADMIN" | "TECHNICIAN" | "VIEWER",
      });
      setCreated(t.token);
      formEl.reset();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (role !== "ADMIN") {
    return (
      <div>
        <h1>Settings</h1>
        <OwnPassword />
        <p className="muted">The other settings are kept by administrators.</p>
      </div>
    );
  }
  return (
    <div>
      <h1>Settings</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <OwnPassword />
      <EmailSettings />
      <ReplyMailboxSettings />
      <h2>API tokens</h2>
      <p className="muted">
        Programs call the tRPC API at /api/trpc with <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {created && (
        <p className="panel" role="status">
          New token (shown once): <code data-testid="new-token">{created}</code>
        </p>
      )}
      <DataTable
        label="API tokens"
        rows={tokens}
        empty="No tokens."
        columns={[
          { key: "name", label: "Name", render: (t) => t.name },
          { key: "role", label: "Role", render: (t) => t.role.toLowerCase() },
          { key: "prefix", label: "Starts with", render: (t) => <code>{t.prefix}…</code> },
          { key: "used", label: "Last used", render: (t) => (t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never") },
          {
            key: "revoke",
            label: "",
            render: (t) =>
              t.revokedAt ? (
                <span className="muted">revoked</span>
              ) : (
                <button type="button" className="danger" onClick={() => api.token.revoke.mutate({ id: t.id }).then(load)}>
                  Revoke
                </button>
              ),
          },
        ]}
      />
      <form className="row" onSubmit={createToken} aria-label="Create API token" style={{ marginTop: 8 }}>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="VIEWER">
            <option value="ADMIN">admin</option>
            <option value="TECHNICIAN">technician</option>
            <option value="VIEWER">viewer</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      <h2>Audit log</h2>
      <DataTable
        label="Audit log"
        rows={audit}
        columns={[
          { key: "at", label: "When", render: (a) => new Date(a.at).toLocaleString() },
          { key: "who", label: "Who", render: (a) => a.actorName },
          { key: "what", label: "Action", render: (a) => a.action },
          { key: "target", label: "Target", render: (a) => a.target ?? "" },
          { key: "node", label: "Node", render: (a) => a.nodeName ?? "" },
        ]}
      />
    </div>
  );
}
