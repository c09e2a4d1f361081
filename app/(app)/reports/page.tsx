import { AlarmReportsSent } from "./alarm-reports-sent.tsx";
import { ConfigReports } from "./config-reports.tsx";

export default function ReportsPage() {
  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ margin: 0 }}>Reports</h1>
      <ConfigReports />
      <AlarmReportsSent />
    </div>
  );
}
