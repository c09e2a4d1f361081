import Link from "next/link";
import { type TAlarmRow, systemLabel, when } from "./types.ts";

type TProps = {
  rows: TAlarmRow[];
  selected: Set<number>;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
  onAck?: (id: number) => void;
  onResolve?: (id: number) => void;
  onSort: (sort: "lastSeen" | "firstSeen" | "count" | "severity") => void;
};

/** Desk table and phone cards over the same rows; CSS shows one or the other by width. */
export function AlarmList({ rows, selected, onToggle, onToggleAll, onAck, onResolve, onSort }: TProps) {
  if (rows.length === 0) return <p className="muted panel">No alarms match.</p>;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <>
      <table className="alarms panel" aria-label="Alarms">
        <thead>
          <tr>
            <th>
              <input type="checkbox" aria-label="Select all" checked={allSelected} onChange={onToggleAll} />
            </th>
            <th>
              <button className="sort" type="button" onClick={() => onSort("severity")}>
                Severity
              </button>
            </th>
            <th>Status</th>
            <th>System</th>
            <th>Maintenance object</th>
            <th>Port</th>
            <th>Description</th>
            <th>
              <button className="sort" type="button" onClick={() => onSort("count")}>
                Count
              </button>
            </th>
            <th>
              <button className="sort" type="button" onClick={() => onSort("lastSeen")}>
                Last seen
              </button>
            </th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} className="alarm" data-alarm-id={a.id}>
              <td>
                <input type="checkbox" aria-label={`Select alarm ${a.id}`} checked={selected.has(a.id)} onChange={() => onToggle(a.id)} />
              </td>
              <td>
                <span className={`badge sev-${a.severity}`}>{a.severity}</span>
              </td>
              <td>
                <span className={`badge st-${a.status}`}>{a.status.toLowerCase()}</span>
              </td>
              <td>
                <Link href={`/alarms/${a.id}`}>{systemLabel(a)}</Link>
                {a.customerName && <div className="muted">{a.customerName}</div>}
              </td>
              <td>{a.maintObject}</td>
              <td>{a.port}</td>
              <td>{a.description}</td>
              <td>{a.count}</td>
              <td>{when(a.lastSeenAt)}</td>
              <td>{a.source}</td>
              <td>
                <div className="row" style={{ flexWrap: "nowrap" }}>
                  <AlarmActions alarm={a} onAck={onAck} onResolve={onResolve} ackLabel="Ack" />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cardlist" aria-label="Alarm cards">
        {rows.map((a) => (
          <div key={a.id} className="alarm-card" data-alarm-card={a.id}>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <span className={`badge sev-${a.severity}`}>{a.severity}</span>
              <span className={`badge st-${a.status}`}>{a.status.toLowerCase()}</span>
            </div>
            <Link href={`/alarms/${a.id}`}>
              <strong>{systemLabel(a)}</strong> · {a.maintObject ?? "—"} {a.port ?? ""}
            </Link>
            <div className="muted">
              {a.description} · ×{a.count} · {when(a.lastSeenAt)}
            </div>
            <div className="row actions">
              <AlarmActions alarm={a} onAck={onAck} onResolve={onResolve} ackLabel="Acknowledge" ackClass="primary" />
            </div>
          </div>
        ))}
      </div>
    </>
  );
}

/** Acknowledge while active, resolve until resolved; absent handlers (viewers) show nothing. */
function AlarmActions({
  alarm,
  onAck,
  onResolve,
  ackLabel,
  ackClass,
}: {
  alarm: TAlarmRow;
  onAck?: (id: number) => void;
  onResolve?: (id: number) => void;
  ackLabel: string;
  ackClass?: string;
}) {
  return (
    <>
      {onAck && alarm.status === "ACTIVE" && (
        <button type="button" className={ackClass} onClick={() => onAck(alarm.id)}>
          {ackLabel}
        </button>
      )}
      {onResolve && alarm.status !== "RESOLVED" && (
        <button type="button" onClick={() => onResolve(alarm.id)}>
          Resolve
        </button>
      )}
    </>
  );
}
