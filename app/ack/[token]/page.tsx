import { viewAckLink } from "@/lib/api/ack-link.ts";

export const dynamic = "force-dynamic";

const MESSAGES = {
  used: "This acknowledge link has already been used.",
  answered: "This alarm is already acknowledged or resolved.",
  expired: "This acknowledge link has expired. Open the alarm in Klaxon to acknowledge it.",
  invalid: "This acknowledge link is not valid.",
} as const;

/** Opened from the alarm email. Showing it changes nothing; only the button acknowledges. */
export default async function AckPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const { token } = await params;
  const { done } = await searchParams;
  const view = await viewAckLink(decodeURIComponent(token));
  const a = view.alarm;
  return (
    <main className="main" style={{ maxWidth: 640, margin: "0 auto" }}>
      <h1>Acknowledge alarm</h1>
      {done === "1" ? (
        <p role="status" className="panel">
          Acknowledged{view.contact ? ` as ${view.contact}` : ""}. Escalation for this alarm has stopped.
        </p>
      ) : view.state !== "ready" ? (
        <p role="alert" className="panel">
          {MESSAGES[view.state]}
        </p>
      ) : null}
      {a && (
        <dl className="panel" aria-label="Alarm">
          <dt>Alarm</dt>
          <dd>
            #{a.id} · {a.severity} · {a.status.toLowerCase()}
          </dd>
          <dt>System</dt>
          <dd>
            {a.system?.name ?? a.productId ?? "unknown"}
            {a.system?.customer ? ` (${a.system.customer.name})` : ""}
          </dd>
          <dt>Maintenance object</dt>
          <dd>
            {a.maintObject ?? ""} {a.port ?? ""}
          </dd>
          {a.description && (
            <>
              <dt>Description</dt>
              <dd>{a.description}</dd>
            </>
          )}
          <dt>First seen</dt>
          <dd>{a.firstSeenAt.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
        </dl>
      )}
      {view.state === "ready" && done !== "1" && (
        <form method="post" action="/api/ack">
          <input type="hidden" name="token" value={token} />
          <p>Acknowledge this alarm as {view.contact}?</p>
          <button type="submit" className="primary">
            Acknowledge
          </button>
        </form>
      )}
    </main>
  );
}
