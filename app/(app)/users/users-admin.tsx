"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TUser = Awaited<ReturnType<typeof api.user.list.query>>[number];
type TRole = "ADMIN" | "TECHNICIAN" | "VIEWER";

export function UsersAdmin() {
  const [users, setUsers] = useState<TUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.user.list.query().then(setUsers, (e) => setError(errorMessage(e))), []);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    try {
      await api.user.create.mutate({
        email: String(f.get("email")),
        name: String(f.get("name")),
        password: String(f.get("password")),
        role: String(f.get("role")) as TRole,
      });
      formEl.reset();
      setError(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const update = async (id: number, patch: { role?: TRole; disabled?: boolean }) => {
    await api.user.update.mutate({ id, ...patch }).catch((e) => setError(errorMessage(e)));
    await load();
  };

  return (
    <div>
      <h1>Users</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DataTable
        label="Users"
        rows={users}
        columns={[
          { key: "email", label: "Email", render: (u) => u.email },
          { key: "name", label: "Name", render: (u) => u.name },
          {
            key: "role",
            label: "Role",
            render: (u) => (
              <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => update(u.id, { role: e.target.value as TRole })}>
                <option value="ADMIN">admin</option>
                <option value="TECHNICIAN">technician</option>
                <option value="VIEWER">viewer</option>
              </select>
            ),
          },
          { key: "last", label: "Last login", render: (u) => (u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : "never") },
          {
            key: "disabled",
            label: "",
            render: (u) => (
              <button type="button" onClick={() => update(u.id, { disabled: !u.disabled })}>
                {u.disabled ? "Enable" : "Disable"}
              </button>
            ),
          },
        ]}
      />
      <h2>Add a user</h2>
      <form className="panel filters" onSubmit={create} aria-label="Add a user">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Password
          <input name="password" type="password" minLength={8} required autoComplete="new-password" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="TECHNICIAN">
            <option value="ADMIN">admin</option>
            <option value="TECHNICIAN">technician</option>
            <option value="VIEWER">viewer</option>
          </select>
        </label>
        <button className="primary" type="submit">
          Add user
        </button>
      </form>
    </div>
  );
}
