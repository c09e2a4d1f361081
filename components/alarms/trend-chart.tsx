import { SEVERITIES } from "./types.ts";

type TPoint = { hour: string | Date; severity: string; count: number };

/** Alarms first seen per hour, stacked by severity, for the last `hours` hours. */
export function TrendChart({ points, hours }: { points: TPoint[]; hours: number }) {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const buckets = Array.from({ length: hours }, (_, i) => {
    const t = new Date(now.getTime() - (hours - 1 - i) * 3_600_000);
    return { t, bySev: {} as Record<string, number>, total: 0 };
  });
  const index = new Map(buckets.map((b, i) => [b.t.toISOString().slice(0, 13), i]));
  for (const p of points) {
    const i = index.get(new Date(p.hour).toISOString().slice(0, 13));
    const b = i === undefined ? undefined : buckets[i];
    if (!b) continue;
    b.bySev[p.severity] = (b.bySev[p.severity] ?? 0) + p.count;
    b.total += p.count;
  }
  const max = Math.max(1, ...buckets.map((b) => b.total));
  return (
    <div className="panel" aria-label="Alarms per hour">
      <div className="muted" style={{ fontSize: 12 }}>
        Alarms per hour, last {hours} h (peak {max})
      </div>
      <div className="chart">
        {buckets.map((b) => (
          <div
            className="bar"
            key={b.t.toISOString()}
            title={`${b.t.toLocaleString()}: ${b.total}`}
            style={{ height: `${(b.total / max) * 100}%` }}
          >
            {SEVERITIES.map((s) =>
              b.bySev[s] ? <div key={s} className={`seg-${s}`} style={{ height: `${((b.bySev[s] ?? 0) / b.total) * 100}%` }} /> : null,
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
