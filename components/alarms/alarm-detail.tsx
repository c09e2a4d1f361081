import type { TApiOutputs } from "@/lib/api/api-types.ts";
import { when } from "./types.ts";

/** An alarm as alarm.get returns it: its fields, system, timeline and the silence in force. */
export type TAlarmDetail = TApiOutputs["alarm"]["get"];

export function AlarmDetail({ alarm }: { alarm: TAlarmDetail }) {
  const fields: [string, unknown][] = [
    [
      "System",
      alarm.system
        ? `${alarm.system.name}${alarm.system.customer ? ` (${alarm.system.customer.name})` : ""}`
        : `Unknown product ID ${alarm.productId ?? ""}`,
    ],
    ["Product ID", alarm.productId],
    ["Severity", alarm.severity],
    ["Status", alarm.status],
    ["Source", alarm.source],
    ["Maintenance object", alarm.maintObject],
    ["Port", alarm.port],
    ["On board", alarm.onBoard == null ? "" : alarm.onBoard ? "yes" : "no"],
    ["Alt name", alarm.altName],
    ["Alarm type", alarm.alarmType],
    ["Alarm number", alarm.alarmNumber],
    ["Service state", alarm.svcState],
    ["Description", alarm.description],
    ["Count", alarm.count],
    ["First seen", when(alarm.firstSeenAt)],
    ["Last seen", when(alarm.lastSeenAt)],
    ["Received by", alarm.receivedBy],
  ];
  return (
    <div style={{ display: "grid", gap: 12 }}>
      <dl className="kv panel">
        {fields.map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt>{k}</dt>
            <dd>{v == null || v === "" ? "—" : String(v)}</dd>
          </div>
        ))}
      </dl>
      <section className="panel">
        <h2>Timeline</h2>
        <ol className="timeline" aria-label="Timeline">
          {alarm.events.map((e, i) => {
            // The node is said once and again only when another node took over, not on every line.
            const node =
              e.nodeName && e.nodeName !== alarm.events[i - 1]?.nodeName && !e.message.includes(`on ${e.nodeName}`)
                ? `on ${e.nodeName}`
                : "";
            const by = [e.actor ? `by ${e.actor}` : "", node].filter(Boolean).join(" ");
            return (
              <li key={e.id}>
                <strong>{e.kind.toLowerCase()}</strong> <span className="muted">{when(e.at)}</span>
                <div>{e.message}</div>
                {by && <div className="muted">{by}</div>}
              </li>
            );
          })}
        </ol>
      </section>
      <section className="panel">
        <h2>Raw report</h2>
        <pre className="raw">{JSON.stringify(alarm.raw, null, 2)}</pre>
      </section>
    </div>
  );
}
