import Link from "next/link";

/** Any unknown address: said plainly, in the app's look, with a way back to the board. */
export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="panel" style={{ width: "min(420px, 100%)", display: "grid", gap: 10 }}>
        <div className="brand" style={{ fontWeight: 700, fontSize: 20 }}>
          Klaxon
        </div>
        <h1>Page not found</h1>
        <p className="muted" style={{ margin: 0 }}>
          Nothing lives at this address. It may have been a mistyped link or an alarm that was archived.
        </p>
        <p style={{ margin: 0 }}>
          <Link href="/alarms">← Back to the alarm board</Link>
        </p>
      </div>
    </main>
  );
}
