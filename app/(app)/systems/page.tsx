"use client";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { SystemFlags } from "@/components/systems/system-flags.tsx";
import type { TSystemListItem as TSystem, TSystemStatus } from "@/components/systems/types.ts";
import { useSession } from "@/components/layout/session.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage, type TApiOutputs } from "@/lib/api/trpc.client.ts";

type TAuthProtocol = "MD5" | "SHA" | "SHA224" | "SHA256" | "SHA384" | "SHA512";
type TPrivProtocol = "DES" | "AES" | "AES256B" | "AES256R";
const AUTH_PROTOCOLS: TAuthProtocol[] = ["MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512"];
const PRIV_PROTOCOLS: TPrivProtocol[] = ["DES", "AES", "AES256B", "AES256R"];
type TCustomer = TApiOutputs["system"]["customers"][number];

export default function SystemsPage() {
  const [systems, setSystems] = useState<TSystem[]>([]);
  const [customers, setCustomers] = useState<TCustomer[]>([]);
  const [status, setStatus] = useState<Map<number, TSystemStatus>>(new Map());
  const { role } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TSystem | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, c, st] = await Promise.all([api.system.list.query(), api.system.customers.query(), api.task.systemStatus.query()]);
      setSystems(s);
      setStatus(new Map(st.map((x) => [x.systemId, x])));
      setCustomers(c);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    const s = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    // On edit, an empty secret field keeps the stored secret; a cleared plain field clears it.
    const n = (k: string) => (editing ? (s(k) ?? null) : s(k));
    try {
      const data = {
        name: String(f.get("name")),
        productId: String(f.get("productId")),
        model: n("model"),
        customerId: s("customerId") ? Number(s("customerId")) : editing ? null : undefined,
        connectionType: (s("connectionType") ?? "DIRECT_IP") as "MODEM" | "RAS_PPP" | "DIRECT_IP",
        dialNumber: n("dialNumber"),
        ipAddress: n("ipAddress"),
        ipPort: s("ipPort") ? Number(s("ipPort")) : editing ? null : undefined,
        satProtocol: (s("satProtocol") ?? "SSH") as "SSH" | "TELNET",
        pppUser: n("pppUser"),
        pppPassword: s("pppPassword"),
        // Write-only like the passwords: empty keeps it, the box removes it.
        snmpCommunity: f.get("clearSnmpCommunity") ? null : s("snmpCommunity"),
        snmpVersion: (s("snmpVersion") ?? "V2C") as "V1" | "V2C" | "V3",
        snmpV3User: n("snmpV3User"),
        snmpV3AuthProtocol: (editing ? (s("snmpV3AuthProtocol") ?? null) : s("snmpV3AuthProtocol")) as TAuthProtocol | null | undefined,
        snmpV3AuthKey: s("snmpV3AuthKey"),
        snmpV3PrivProtocol: (editing ? (s("snmpV3PrivProtocol") ?? null) : s("snmpV3PrivProtocol")) as TPrivProtocol | null | undefined,
        snmpV3PrivKey: s("snmpV3PrivKey"),
        satLogin: n("satLogin"),
        satPassword: s("satPassword"),
      };
      if (editing) await api.system.update.mutate({ id: editing.id, data });
      else await api.system.create.mutate(data);
      formEl.reset();
      setEditing(null);
      setError(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function remove(system: TSystem) {
    // Its alarms stay on the board, shown by product ID as from an unknown system.
    if (!window.confirm(`Delete the system ${system.name}? Its alarms stay, shown under its product ID.`)) return;
    try {
      await api.system.delete.mutate({ id: system.id });
      if (editing?.id === system.id) setEditing(null);
      setError(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function addCustomer(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    try {
      await api.system.createCustomer.mutate({ name: String(new FormData(formEl).get("customer")) });
      formEl.reset();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div>
      <h1>Systems</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {/* Many columns: the table scrolls inside the page at tablet widths. */}
      <div className="scroll-x">
        <DataTable
          label="Systems"
          rows={systems}
          empty="No systems yet."
          columns={[
            { key: "name", label: "Name", render: (s) => <Link href={`/systems/${s.id}`}>{s.name}</Link> },
            { key: "pid", label: "Product ID", render: (s) => <code>{s.productId}</code> },
            { key: "customer", label: "Customer", render: (s) => s.customer?.name ?? "—" },
            { key: "conn", label: "Connection", render: (s) => s.connectionType.replace("_", "/") },
            {
              key: "reach",
              label: "Reach",
              render: (s) =>
                `${s.dialNumber ?? s.ipAddress ?? "—"}${s.connectionType === "MODEM" ? "" : ` (SAT by ${s.satProtocol === "TELNET" ? "telnet" : "SSH"})`}`,
            },
            {
              key: "tasks",
              label: "Tasks",
              render: (s) => {
                const st = status.get(s.id);
                return st ? <SystemFlags status={st} brief /> : "—";
              },
            },
            { key: "snmp", label: "SNMP", render: (s) => `${s.snmpVersion}${s.snmpV3User ? ` user ${s.snmpV3User}` : ""}` },
            {
              key: "sat",
              label: "SAT login",
              render: (s) => (s.satLogin ? `${s.satLogin}${s.hasSatPassword ? " (password set)" : ""}` : "—"),
            },
            ...(role === "ADMIN"
              ? [
                  {
                    key: "edit",
                    label: "",
                    render: (s: TSystem) => (
                      <span className="row" style={{ flexWrap: "nowrap" }}>
                        <button type="button" onClick={() => setEditing(s)}>
                          Edit
                        </button>
                        <button type="button" className="danger" onClick={() => remove(s)} aria-label={`Delete system ${s.name}`}>
                          Delete
                        </button>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      {role === "ADMIN" && (
        <>
          <h2>{editing ? `Edit ${editing.name}` : "Add a system"}</h2>
          <form key={editing?.id ?? "new"} className="panel filters" onSubmit={save} aria-label={editing ? "Edit system" : "Add a system"}>
            <label>
              Name
              <input name="name" required defaultValue={editing?.name} />
            </label>
            <label>
              Product ID (10 digits)
              <input name="productId" required pattern="\d{10}" defaultValue={editing?.productId} />
            </label>
            <label>
              Model
              <input name="model" placeholder="G3, S8300…" defaultValue={editing?.model ?? ""} />
            </label>
            <label>
              Customer
              <select name="customerId" defaultValue={editing?.customerId ?? ""}>
                <option value="">—</option>
                {customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Connection
              <select name="connectionType" defaultValue={editing?.connectionType ?? "DIRECT_IP"}>
                <option value="MODEM">Standard modem</option>
                <option value="RAS_PPP">RAS/PPP</option>
                <option value="DIRECT_IP">Direct IP</option>
              </select>
            </label>
            <label>
              Modem number
              <input name="dialNumber" defaultValue={editing?.dialNumber ?? ""} />
            </label>
            <label>
              IP address
              <input name="ipAddress" defaultValue={editing?.ipAddress ?? ""} />
            </label>
            <label>
              SAT over IP
              <select name="satProtocol" defaultValue={editing?.satProtocol ?? "SSH"}>
                <option value="SSH">SSH (port 5022)</option>
                <option value="TELNET">Telnet (port 5023)</option>
              </select>
            </label>
            <label>
              IP port (empty: the protocol's)
              <input name="ipPort" type="number" min={1} max={65535} defaultValue={editing?.ipPort ?? ""} />
            </label>
            <label>
              PPP user
              <input name="pppUser" defaultValue={editing?.pppUser ?? ""} />
            </label>
            <label>
              PPP password{editing?.hasPppPassword ? " (set; empty keeps it)" : ""}
              <input name="pppPassword" type="password" autoComplete="new-password" />
            </label>
            <label>
              SNMP community{editing?.hasSnmpCommunity ? " (set; empty keeps it)" : ""}
              <input name="snmpCommunity" type="password" autoComplete="new-password" />
            </label>
            {editing?.hasSnmpCommunity && (
              <label>
                <input name="clearSnmpCommunity" type="checkbox" /> Remove the community
              </label>
            )}
            <label>
              SNMP version
              <select name="snmpVersion" defaultValue={editing?.snmpVersion ?? "V2C"}>
                <option value="V1">v1</option>
                <option value="V2C">v2c</option>
                <option value="V3">v3</option>
              </select>
            </label>
            <label>
              SNMPv3 user
              <input name="snmpV3User" defaultValue={editing?.snmpV3User ?? ""} />
            </label>
            <label>
              SNMPv3 auth protocol
              <select name="snmpV3AuthProtocol" defaultValue={editing?.snmpV3AuthProtocol ?? ""}>
                <option value="">none</option>
                {AUTH_PROTOCOLS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <label>
              SNMPv3 auth key{editing?.hasSnmpV3AuthKey ? " (set; empty keeps it)" : ""}
              <input name="snmpV3AuthKey" type="password" autoComplete="new-password" minLength={8} />
            </label>
            <label>
              SNMPv3 privacy protocol
              <select name="snmpV3PrivProtocol" defaultValue={editing?.snmpV3PrivProtocol ?? ""}>
                <option value="">none</option>
                {PRIV_PROTOCOLS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <label>
              SNMPv3 privacy key{editing?.hasSnmpV3PrivKey ? " (set; empty keeps it)" : ""}
              <input name="snmpV3PrivKey" type="password" autoComplete="new-password" minLength={8} />
            </label>
            <label>
              SAT login
              <input name="satLogin" defaultValue={editing?.satLogin ?? ""} />
            </label>
            <label>
              SAT password{editing?.hasSatPassword ? " (set; empty keeps it)" : ""}
              <input name="satPassword" type="password" autoComplete="new-password" />
            </label>
            <button className="primary" type="submit">
              {editing ? "Save system" : "Add system"}
            </button>
            {editing && (
              <button type="button" onClick={() => setEditing(null)}>
                Cancel
              </button>
            )}
          </form>
          <h2>Customers</h2>
          <form className="row" onSubmit={addCustomer} aria-label="Add a customer">
            <label>
              New customer
              <input name="customer" required />
            </label>
            <button type="submit">Add customer</button>
          </form>
          <p className="muted">{customers.map((c) => `${c.name} (${c._count.systems})`).join(" · ") || "No customers yet."}</p>
        </>
      )}
    </div>
  );
}
