import { SEVERITIES } from "./types.ts";

export function SeverityCards({ open, byStatus }: { open: Record<string, number>; byStatus: Record<string, number> }) {
  return (
    <div className="cards" aria-label="Open alarms by severity">
      {SEVERITIES.map((s) => (
        <div key={s} className={`card sev-${s}`} data-testid={`count-${s}`}>
          <div className="muted">{s.toLowerCase()}</div>
          <div className="n">{open[s] ?? 0}</div>
        </div>
      ))}
      <div className="card">
        <div className="muted">unacknowledged</div>
        <div className="n" data-testid="count-ACTIVE">
          {byStatus.ACTIVE ?? 0}
        </div>
      </div>
    </div>
  );
}
