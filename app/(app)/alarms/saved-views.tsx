import { useCallback, useEffect, useState } from "react";
import type { TBoardView } from "@/components/alarms/board-view.ts";
import { api, errorMessage, type TApiOutputs } from "@/lib/api/trpc.client.ts";

type TSaved = TApiOutputs["savedView"]["list"][number];

/** The user's own named filters ("my systems", "majors today"): one click applies, the current one can be saved. */
export function SavedViews({ current, onApply }: { current: TBoardView; onApply: (v: TBoardView) => void }) {
  const [views, setViews] = useState<TSaved[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.savedView.list.query().then(setViews, (e) => setError(errorMessage(e))), []);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async () => {
    const name = window.prompt("Save this view as (e.g. majors today)")?.trim();
    if (!name) return;
    try {
      await api.savedView.save.mutate({ name, view: current });
      setError(null);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const remove = async (v: TSaved) => {
    if (!window.confirm(`Delete the view "${v.name}"?`)) return;
    await api.savedView.delete.mutate({ id: v.id }).catch((e) => setError(errorMessage(e)));
    await load();
  };
  return (
    <nav className="views" aria-label="Saved views">
      <span className="muted">Views:</span>
      {views.map((v) => (
        <span key={v.id} className="view">
          <button type="button" onClick={() => onApply(v.view)}>
            {v.name}
          </button>
          <button type="button" aria-label={`Delete view ${v.name}`} onClick={() => remove(v)}>
            ×
          </button>
        </span>
      ))}
      <button type="button" onClick={save}>
        Save view…
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </nav>
  );
}
