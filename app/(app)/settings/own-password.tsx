"use client";
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

/** Every user, whatever the role, changes their own password by proving the current one. */
export function OwnPassword() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get("newPassword"));
    if (newPassword !== String(f.get("repeat"))) return setMessage({ ok: false, text: "The two new passwords differ." });
    try {
      await api.auth.changePassword.mutate({ currentPassword: String(f.get("currentPassword")), newPassword });
      form.reset();
      setMessage({ ok: true, text: "Password changed. Your other sessions were signed out." });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }
  return (
    <section>
      <h2>Your password</h2>
      <form className="row panel" onSubmit={submit} aria-label="Change your password">
        <label>
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password
          <input name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
        </label>
        <label>
          New password again
          <input name="repeat" type="password" autoComplete="new-password" minLength={8} required />
        </label>
        <button type="submit" className="primary">
          Change password
        </button>
      </form>
      {message && (
        <p className={message.ok ? "muted" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
    </section>
  );
}
