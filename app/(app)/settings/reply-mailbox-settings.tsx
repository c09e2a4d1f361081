"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TImap = Awaited<ReturnType<typeof api.settings.getImap.query>>;
type TTls = "TLS" | "STARTTLS_REQUIRED" | "STARTTLS_OFFERED" | "NONE";

const tlsOf = (s: TImap): TTls =>
  !s ? "TLS" : s.secure ? "TLS" : s.starttls === "REQUIRED" ? "STARTTLS_REQUIRED" : s.starttls === "NEVER" ? "NONE" : "STARTTLS_OFFERED";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

/** Settings → Email replies: the mailbox the primary reads to acknowledge alarms answered by email. */
export function ReplyMailboxSettings() {
  const [imap, setImap] = useState<TImap>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => setImap(await api.settings.getImap.query()), []);
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
      await api.settings.setImap.mutate({
        enabled: f.get("enabled") === "on",
        host: String(f.get("host")),
        port: Number(f.get("port")),
        secure: tls === "TLS",
        starttls: tls === "STARTTLS_REQUIRED" ? "REQUIRED" : tls === "NONE" ? "NEVER" : "OFFERED",
        user: String(f.get("user") ?? ""),
        // An empty field keeps the stored password.
        ...(password ? { password } : {}),
        mailbox: String(f.get("mailbox") || "INBOX"),
        pollSec: Number(f.get("pollSec")),
      });
      setStatus("Reply mailbox saved.");
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function test() {
    setError(null);
    setStatus("Connecting…");
    try {
      const r = await api.settings.testImap.mutate();
      setStatus(`Logged in and opened ${r.mailbox}.`);
    } catch (err) {
      setStatus(null);
      setError(errorMessage(err));
    }
  }

  const last = imap?.lastPoll;
  return (
    <section aria-label="Email replies">
      <h2>Email replies (IMAP)</h2>
      <p className="muted">
        A reply to alarm email (its subject keeps the <code>[KX-…]</code> token) acknowledges the alarm as the person it was sent to. The
        primary reads new mail in this mailbox; it marks the replies it acted on as read and leaves all other mail, bounces and
        out-of-office answers as they are.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status && <p role="status">{status}</p>}
      {last && (
        <p aria-label="Last check" className={last.ok ? "muted" : "error"}>
          Last checked {when(last.polledAt)} UTC by {last.nodeName}: {last.ok ? `ok, ${last.handled} repl(ies) handled so far` : last.error}
        </p>
      )}
      <form className="panel filters" onSubmit={save} aria-label="IMAP settings" key={imap ? JSON.stringify(imap) : "new"}>
        <label className="row">
          <input name="enabled" type="checkbox" defaultChecked={imap?.enabled ?? true} />
          Read replies
        </label>
        <label>
          Host
          <input name="host" required defaultValue={imap?.host ?? ""} />
        </label>
        <label>
          Port
          <input name="port" type="number" min={1} max={65535} required defaultValue={imap?.port ?? 993} />
        </label>
        <label>
          Encryption
          <select name="tls" defaultValue={tlsOf(imap)}>
            <option value="TLS">TLS (port 993)</option>
            <option value="STARTTLS_REQUIRED">STARTTLS required</option>
            <option value="STARTTLS_OFFERED">STARTTLS when offered</option>
            <option value="NONE">None</option>
          </select>
        </label>
        <label>
          User
          <input name="user" required autoComplete="off" defaultValue={imap?.user ?? ""} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder={imap?.hasPassword ? "(kept; type to change)" : ""}
          />
        </label>
        <label>
          Folder
          <input name="mailbox" defaultValue={imap?.mailbox ?? "INBOX"} />
        </label>
        <label>
          Check every (s)
          <input name="pollSec" type="number" min={5} max={3600} required defaultValue={imap?.pollSec ?? 60} />
        </label>
        <button type="submit" className="primary">
          Save reply mailbox
        </button>
        {imap && (
          <button type="button" onClick={test}>
            Test connection
          </button>
        )}
      </form>
    </section>
  );
}
