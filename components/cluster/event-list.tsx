import type { TEvent } from "./types.ts";

export function EventList({ events }: { events: TEvent[] }) {
  if (events.length === 0) return <p className="muted">No cluster events yet.</p>;
  return (
    <ul aria-label="Cluster events" className="panel" style={{ listStyle: "none", margin: 0, display: "grid", gap: 6 }}>
      {events.map((e) => (
        <li key={e.id} data-kind={e.kind}>
          <span className="muted">{new Date(e.at).toLocaleString()}</span> <code>{e.kind}</code> {e.message}
        </li>
      ))}
    </ul>
  );
}
