import { AlarmReportsSent } from "./alarm-reports-sent.tsx";

export default function ReportsPage() {
  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ margin: 0 }}>Reports</h1>
      <p className="muted">
        Configuration reports (nightly, weekly, monthly) will be listed here once the configuration-report task is built. Meanwhile the
        alarm board exports any filter as CSV.
      </p>
      <AlarmReportsSent />
    </div>
  );
}
