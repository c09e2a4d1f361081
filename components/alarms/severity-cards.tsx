import { SEVERITIES, type TSeverity } from "./types.ts";

/** Open alarms by severity; a card is a filter switch (pressed = the board shows only that severity). */
export function SeverityCards({
  open,
  active,
  selected,
  onPick,
}: {
  open: Record<string, number>;
  active: Record<string, number>;
  selected?: readonly string[];
  onPick: (severity: TSeverity) => void;
}) {
  return (
    <div className="cards severity" aria-label="Open alarms by severity">
      {SEVERITIES.map((s) => (
        <button
          type="button"
          key={s}
          className={`card sev-${s}`}
          data-testid={`count-${s}`}
          aria-pressed={selected?.length === 1 && selected[0] === s}
          title={`${active[s] ?? 0} unacknowledged — show only ${s.toLowerCase()}`}
          onClick={() => onPick(s)}
        >
          <div className="muted">{s.toLowerCase()}</div>
          <div className="n">{open[s] ?? 0}</div>
        </button>
      ))}
    </div>
  );
}
