"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

/** One-time form that creates the first administrator; refused by the server once any user exists. */
export default function SetupPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const email = String(f.get("email"));
    const password = String(f.get("password"));
    try {
      await api.auth.setup.mutate({ email, name: String(f.get("name")), password });
      await api.auth.login.mutate({ email, password });
      router.replace("/alarms");
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <main className="auth-page">
      <form onSubmit={submit} className="panel" aria-label="First-run setup">
        <h1>Set up Klaxon</h1>
        <p className="muted">Create the first administrator account.</p>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Password (8+ characters)
          <input name="password" type="password" minLength={8} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit">
          Create administrator
        </button>
      </form>
    </main>
  );
}
