import { stamp, type TReportSend } from "../maintenance/types.ts";

const day = (d: Date | string) => new Date(d).toLocaleDateString(undefined, { year: "numeric", month: "2-digit", day: "2-digit" });

/** Alarm reports that went out (or failed to), newest first, each downloadable as it was sent. */
export function SentAlarmReports({ items, onOlder }: { items: TReportSend[]; onOlder?: () => void }) {
  return (
    <section aria-label="Sent alarm reports" style={{ display: "grid", gap: 8 }}>
      <h2 style={{ margin: 0 }}>Alarm reports sent</h2>
      {items.length === 0 ? (
        <p className="muted">No alarm report has been sent yet (Maintenance → Alarm reports).</p>
      ) : (
        <table className="panel" aria-label="Alarm reports sent">
          <thead>
            <tr>
              <th>Sent</th>
              <th>Report</th>
              <th>Period</th>
              <th>To</th>
              <th>Alarms</th>
              <th>Status</th>
              <th>Download</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>{stamp(s.sentAt ?? s.createdAt)}</td>
                <td>
                  {s.reportName}
                  <div className="muted">{s.frequency.toLowerCase()}</div>
                </td>
                <td>
                  {day(s.periodStart)} – {day(s.periodEnd)}
                </td>
                <td style={{ minWidth: 160 }}>{s.recipients.join(", ")}</td>
                <td>{s.alarmCount}</td>
                <td>
                  <span className={`badge ${s.status === "SENT" ? "st-RESOLVED" : "sev-CRITICAL"}`}>{s.status}</span>
                  {s.error && <div className="muted">{s.error}</div>}
                </td>
                <td>
                  <a href={`/api/reports/alarm/${s.id}?format=html`} download>
                    HTML
                  </a>{" "}
                  ·{" "}
                  <a href={`/api/reports/alarm/${s.id}?format=csv`} download>
                    CSV
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {onOlder && (
        <button type="button" onClick={onOlder}>
          Older
        </button>
      )}
    </section>
  );
}
