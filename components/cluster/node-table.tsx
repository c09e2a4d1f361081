import { formatAge, formatDuration } from "./format.ts";
import { ROLE_GROUPS, type TNode, type TPortCounts } from "./types.ts";

const STATE_COLOR: Record<TNode["state"], string> = { ONLINE: "var(--ok)", DRAINING: "var(--minor)", OFFLINE: "var(--critical)" };

function rolesSummary(n: TNode): string {
  const on = ROLE_GROUPS.slice(1).flatMap((g) => g.items.filter((i) => n.roles[i.key]).map((i) => i.label));
  return on.length ? on.join(", ") : "none";
}

export function PortCounts({ c }: { c: TPortCounts }) {
  if (c.total === 0) return <span className="muted">no ports</span>;
  return (
    <span>
      {c.busy} busy / {c.idle} idle / {c.faulted} faulted{c.offline ? ` / ${c.offline} offline` : ""}
    </span>
  );
}

export function NodeTable({
  nodes,
  isAdmin,
  onEdit,
  onDrain,
  onResume,
  onRemove,
}: {
  nodes: TNode[];
  isAdmin: boolean;
  onEdit(name: string): void;
  onDrain(name: string): void;
  onResume(name: string): void;
  onRemove(name: string): void;
}) {
  if (nodes.length === 0) return <p className="muted">No node has registered yet.</p>;
  return (
    <table aria-label="Cluster nodes" className="panel phone-cards">
      <thead>
        <tr>
          <th>Node</th>
          <th>State</th>
          <th>Host</th>
          <th>Version</th>
          <th>Uptime</th>
          <th>Heartbeat</th>
          <th>Primary</th>
          <th>Roles</th>
          <th>Modem ports</th>
          {isAdmin && <th>Actions</th>}
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.id} data-node={n.name}>
            <td data-label="Node">
              <strong>{n.name}</strong>
            </td>
            <td data-label="State">
              <span className="badge" style={{ background: STATE_COLOR[n.state], color: "#111" }} data-testid={`state-${n.name}`}>
                {n.state.toLowerCase()}
              </span>
            </td>
            <td data-label="Host">{n.host}</td>
            <td data-label="Version">{n.version}</td>
            <td data-label="Uptime">{n.state === "OFFLINE" ? "—" : formatDuration(n.uptimeMs)}</td>
            <td data-label="Heartbeat">{formatAge(n.heartbeatAgeMs)} ago</td>
            <td data-label="Primary" data-testid={`primary-${n.name}`}>
              {n.primary ? (
                <strong title="holds the primary lease">★ primary</strong>
              ) : n.roles.primaryPreferred ? (
                "preferred"
              ) : n.roles.primaryEligible ? (
                "eligible"
              ) : (
                "—"
              )}
            </td>
            <td data-label="Roles" data-testid={`roles-${n.name}`} className="muted">
              {rolesSummary(n)}
            </td>
            <td data-label="Modem ports">
              <PortCounts c={n.portCounts} />
            </td>
            {isAdmin && (
              <td data-label="Actions">
                <span className="row" style={{ flexWrap: "nowrap" }}>
                  <button type="button" onClick={() => onEdit(n.name)} aria-label={`Edit server roles of ${n.name}`}>
                    Edit &gt; Server Roles
                  </button>
                  {n.state === "DRAINING" ? (
                    <button type="button" onClick={() => onResume(n.name)}>
                      Resume
                    </button>
                  ) : n.state === "ONLINE" ? (
                    <button type="button" onClick={() => onDrain(n.name)}>
                      Drain
                    </button>
                  ) : (
                    <button type="button" className="danger" onClick={() => onRemove(n.name)}>
                      Remove
                    </button>
                  )}
                </span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
