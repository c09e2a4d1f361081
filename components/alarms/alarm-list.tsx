import Link from "next/link";
import { age, summary, systemLabel, type TAlarmRow, when } from "./types.ts";

type TSort = "priority" | "lastSeen" | "firstSeen" | "count" | "severity";
type TProps = {
  rows: TAlarmRow[];
  /** Absent for viewers: no selection boxes at all. */
  selection?: { selected: Set<number>; onToggle: (id: number) => void; onToggleAll: () => void };
  onAck?: (id: number) => void;
  onResolve?: (id: number) => void;
  onSort: (sort: TSort) => void;
  sort?: TSort;
  compact?: boolean;
  fresh?: Set<number>;
  now?: number;
};

/** Desk table and phone cards over the same rows; CSS shows one or the other by width. */
export function AlarmList({ rows, selection, onAck, onResolve, onSort, sort, compact, fresh, now = Date.now() }: TProps) {
  if (rows.length === 0) return <p className="muted panel">No alarms match.</p>;
  const allSelected = selection ? rows.every((r) => selection.selected.has(r.id)) : false;
  const acts = Boolean(onAck || onResolve);
  const sortButton = (key: TSort, label: string) => (
    <button className="sort" type="button" onClick={() => onSort(key)} aria-pressed={sort === key}>
      {label}
      {sort === key ? " ▾" : ""}
    </button>
  );
  return (
    <>
      <div className="table-wrap">
        <table className={`alarms panel${compact ? " compact" : ""}`} aria-label="Alarms">
          <thead>
            <tr>
              {selection && (
                <th>
                  <input type="checkbox" aria-label="Select all on this page" checked={allSelected} onChange={selection.onToggleAll} />
                </th>
              )}
              <th>{sortButton("severity", "Severity")}</th>
              <th>System</th>
              <th>Maint. object</th>
              <th>Port</th>
              <th>Description</th>
              <th>{sortButton("count", "Count")}</th>
              <th>{sortButton("lastSeen", "Last seen")}</th>
              <th>Source</th>
              {acts && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} className={`alarm${fresh?.has(a.id) ? " fresh" : ""}`} data-alarm-id={a.id}>
                {selection && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select alarm ${a.id}`}
                      checked={selection.selected.has(a.id)}
                      onChange={() => selection.onToggle(a.id)}
                    />
                  </td>
                )}
                <td>
                  <span className={`badge sev-${a.severity}`}>{a.severity}</span>
                  <span className={`badge st st-${a.status}`}>{a.status.toLowerCase()}</span>
                </td>
                <td className="sys">
                  <Link href={`/alarms/${a.id}`}>{systemLabel(a)}</Link>
                  {a.customerName && <div className="muted">{a.customerName}</div>}
                </td>
                <td>{a.maintObject ?? "—"}</td>
                <td>{a.port ?? "—"}</td>
                <td className="desc">{a.description ?? <span className="muted">—</span>}</td>
                <td>{a.count}</td>
                <td data-testid="last-seen">
                  {when(a.lastSeenAt)}
                  <span className="age">{age(a.lastSeenAt, now)}</span>
                </td>
                <td>{a.source}</td>
                {acts && (
                  <td>
                    <div className="row" style={{ flexWrap: "nowrap" }}>
                      <AlarmActions alarm={a} onAck={onAck} onResolve={onResolve} ackLabel="Ack" />
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="cardlist" aria-label="Alarm cards">
        {rows.map((a) => (
          <div key={a.id} className={`alarm-card${fresh?.has(a.id) ? " fresh" : ""}`} data-alarm-card={a.id}>
            <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
              <span className="row" style={{ alignItems: "center", gap: 6 }}>
                {selection && (
                  <input
                    type="checkbox"
                    aria-label={`Select alarm ${a.id}`}
                    checked={selection.selected.has(a.id)}
                    onChange={() => selection.onToggle(a.id)}
                  />
                )}
                <span className={`badge sev-${a.severity}`}>{a.severity}</span>
                <span className={`badge st-${a.status}`}>{a.status.toLowerCase()}</span>
              </span>
              <span className="muted" data-testid="card-age" title={when(a.lastSeenAt)}>
                {age(a.lastSeenAt, now)}
              </span>
            </div>
            <Link href={`/alarms/${a.id}`}>
              <strong>{systemLabel(a)}</strong>
            </Link>
            <div className="facts">
              <span>
                <span className="muted">MO </span>
                {a.maintObject ?? "—"}
              </span>
              <span>
                <span className="muted">Port </span>
                {a.port ?? "—"}
              </span>
              {a.count > 1 && <span className="muted">×{a.count}</span>}
            </div>
            {a.description && a.description !== a.maintObject && <div className="muted">{summary(a)}</div>}
            {acts && (
              <div className="row actions">
                {/* One big button: acknowledge an active alarm, resolve an acknowledged one. */}
                <AlarmActions
                  alarm={a}
                  onAck={onAck}
                  onResolve={a.status === "ACKNOWLEDGED" ? onResolve : undefined}
                  ackLabel="Acknowledge"
                  ackClass="primary"
                />
              </div>
            )}
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
