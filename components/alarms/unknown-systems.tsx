type TUnknown = { productId: string; alarms: number };

export function UnknownSystems({ items, onCreate }: { items: TUnknown[]; onCreate?: (productId: string) => void }) {
  if (items.length === 0) return null;
  return (
    <div className="panel" style={{ marginBottom: 10 }} aria-label="Unknown product IDs">
      <strong>Alarms from unknown product IDs:</strong>{" "}
      {items.map((u) => (
        <span key={u.productId} className="row" style={{ display: "inline-flex", marginRight: 12 }}>
          <code>{u.productId}</code> <span className="muted">({u.alarms})</span>
          {onCreate && (
            <button type="button" onClick={() => onCreate(u.productId)}>
              Create system
            </button>
          )}
        </span>
      ))}
    </div>
  );
}
