export default function ReportsPage() {
  return (
    <div>
      <h1>Reports</h1>
      <p className="muted">
        Configuration reports (nightly, weekly, monthly) and scheduled alarm reports will be listed here once the configuration-report task
        and the alarm-reporting routine are built. Meanwhile the alarm board exports any filter as CSV.
      </p>
    </div>
  );
}
