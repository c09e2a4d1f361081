"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TSmtp = Awaited<ReturnType<typeof api.settings.getSmtp.query>>;
type TTls = "TLS" | "STARTTLS_REQUIRED" | "STARTTLS_OFFERED" | "NONE";

const tlsOf = (s: TSmtp): TTls =>
  !s
    ? "STARTTLS_OFFERED"
    : s.secure
      ? "TLS"
      : s.starttls === "REQUIRED"
        ? "STARTTLS_REQUIRED"
        : s.starttls === "NEVER"
          ? "NONE"
          : "STARTTLS_OFFERED";

/** Settings → Email: the SMTP server alarm email goes through, and a test send. */
export function EmailSettings() {
  const [smtp, setSmtp] = useState<TSmtp>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => setSmtp(await api.settings.getSmtp.query()), []);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const tls = String(f.get("tls")) as TTls;
    const password = String(f.get("password") ?? "");
    setError(null);
    try {
      await api.settings.setSmtp.mutate({
        host: String(f.get("host")),
        port: Number(f.get("port")),
        secure: tls === "TLS",
        starttls: tls === "STARTTLS_REQUIRED" ? "REQUIRED" : tls === "NONE" ? "NEVER" : "OFFERED",
        user: String(f.get("user") ?? ""),
        // An empty field keeps the stored password; "Remove password" clears it.
        ...(password ? { password } : {}),
        from: String(f.get("from")),
      });
      setStatus("SMTP settings saved.");
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function test(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const to = String(new FormData(e.currentTarget).get("to"));
    setError(null);
    setStatus("Sending…");
    try {
      const r = await api.settings.testEmail.mutate({ to });
      setStatus(`Test email accepted by the server: ${r.response}`);
    } catch (err) {
      setStatus(null);
      setError(errorMessage(err));
    }
  }

  return (
    <section aria-label="Email">
      <h2>Email (SMTP)</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status && <p role="status">{status}</p>}
      <form className="panel filters" onSubmit={save} aria-label="SMTP settings" key={smtp ? JSON.stringify(smtp) : "new"}>
        <label>
          Host
          <input name="host" required defaultValue={smtp?.host ?? ""} />
        </label>
        <label>
          Port
          <input name="port" type="number" min={1} max={65535} required defaultValue={smtp?.port ?? 587} />
        </label>
        <label>
          Encryption
          <select name="tls" defaultValue={tlsOf(smtp)}>
            <option value="STARTTLS_OFFERED">STARTTLS when offered</option>
            <option value="STARTTLS_REQUIRED">STARTTLS required</option>
            <option value="TLS">TLS (port 465)</option>
            <option value="NONE">None</option>
          </select>
        </label>
        <label>
          User
          <input name="user" autoComplete="off" defaultValue={smtp?.user ?? ""} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder={smtp?.hasPassword ? "(kept; type to change)" : ""}
          />
        </label>
        <label>
          From
          <input name="from" required placeholder="Klaxon <alarms@example.com>" defaultValue={smtp?.from ?? ""} />
        </label>
        <button type="submit" className="primary">
          Save SMTP
        </button>
      </form>
      <form className="row" onSubmit={test} aria-label="Send test email" style={{ marginTop: 8 }}>
        <label>
          Send a test email to
          <input name="to" type="email" required />
        </label>
        <button type="submit">Send test email</button>
      </form>
    </section>
  );
}
