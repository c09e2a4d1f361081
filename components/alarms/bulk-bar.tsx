import { useState } from "react";

type TKind = "acknowledge" | "resolve";

/**
 * Acts on the rows ticked on this page, or, once "select all N that match" is chosen, on every
 * alarm the filter matches on the server (one call, one audit entry), however many pages that is.
 */
export function BulkBar({
  selectedCount,
  matching,
  allMatching,
  onSelectAllMatching,
  onClear,
  onAct,
}: {
  selectedCount: number;
  matching: number | undefined;
  allMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onAct: (kind: TKind, comment: string | undefined) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const count = allMatching ? (matching ?? 0) : selectedCount;
  const act = async (kind: TKind) => {
    setBusy(true);
    try {
      await onAct(kind, comment.trim() || undefined);
      setComment("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`toolbar${count ? " bulk" : ""}`} aria-label="Bulk actions">
      {allMatching ? (
        <strong data-testid="bulk-scope">All {matching?.toLocaleString()} alarms that match this filter are selected</strong>
      ) : selectedCount ? (
        <span data-testid="bulk-scope">{selectedCount} selected on this page</span>
      ) : null}
      {!allMatching && matching !== undefined && matching > 0 && (
        <button type="button" onClick={onSelectAllMatching}>
          Select all {matching.toLocaleString()} that match this filter
        </button>
      )}
      {count > 0 && (
        <>
          <input placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} aria-label="Comment" />
          <button type="button" className="primary" disabled={busy} onClick={() => act("acknowledge")}>
            Acknowledge {count.toLocaleString()}
          </button>
          <button type="button" disabled={busy} onClick={() => act("resolve")}>
            Resolve {count.toLocaleString()}
          </button>
          <button type="button" onClick={onClear}>
            Clear selection
          </button>
        </>
      )}
    </div>
  );
}
