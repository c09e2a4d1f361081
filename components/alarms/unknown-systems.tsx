type TUnknown = { productId: string; valid: boolean; alarms: number };

// A fleet with many unregistered PBXs would otherwise push the alarms a phone screen down.
const SHOWN = 5;

export function UnknownSystems({ items, onCreate }: { items: TUnknown[]; onCreate?: (productId: string) => void }) {
  if (items.length === 0) return null;
  const entry = (u: TUnknown) => (
    <span key={u.productId} className="row" style={{ display: "inline-flex", marginRight: 12 }}>
      <code>{u.productId}</code> <span className="muted">({u.alarms})</span>
      {!u.valid && <span className="muted">not a product ID</span>}
      {onCreate && u.valid && (
        <button type="button" onClick={() => onCreate(u.productId)}>
          Create system
        </button>
      )}
    </span>
  );
  return (
    <div className="panel" style={{ marginBottom: 10 }} aria-label="Unknown product IDs">
      <strong>Alarms from unknown product IDs:</strong> {items.slice(0, SHOWN).map(entry)}
      {items.length > SHOWN && (
        <details>
          <summary>{items.length - SHOWN} more</summary>
          {items.slice(SHOWN).map(entry)}
        </details>
      )}
    </div>
  );
}
