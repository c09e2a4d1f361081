import { useEffect, useRef, useState } from "react";
import type { TBoardView } from "./board-view.ts";
import { SEVERITIES, SOURCES, STATUSES } from "./types.ts";

type TOption = { id: number; name: string };

// Long enough not to query on every keystroke, short enough to feel live.
const SEARCH_DEBOUNCE_MS = 300;

export function AlarmFilters({
  value,
  onChange,
  systems,
  customers,
  showStatus = true,
  className = "",
}: {
  value: TBoardView;
  onChange: (f: TBoardView) => void;
  systems: TOption[];
  customers: TOption[];
  showStatus?: boolean;
  className?: string;
}) {
  const set = (patch: Partial<TBoardView>) => onChange({ ...value, ...patch });
  const [q, setQ] = useState(value.q ?? "");
  // From/To only when asked for: on a desk the filters then fit one row above the alarms.
  const [custom, setCustom] = useState(false);
  const showRange = custom || Boolean(value.from || value.to);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  // What the box last sent: the view coming back with it must not overwrite letters typed since.
  const sent = useRef(value.q ?? "");
  // The box follows the view only when it changes from outside (a saved view, a severity card keeps q).
  useEffect(() => {
    if ((value.q ?? "") === sent.current) return;
    sent.current = value.q ?? "";
    setQ(value.q ?? "");
  }, [value.q]);
  useEffect(() => {
    const { value: v, onChange: change } = latest.current;
    if ((v.q ?? "") === q.trim()) return;
    const t = setTimeout(() => {
      sent.current = q.trim();
      change({ ...latest.current.value, q: q.trim() || undefined });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <div className={`filters ${className}`} role="search">
      <label>
        Search (as you type)
        <input
          type="search"
          placeholder="MO, port, product ID, any trap value…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="Search alarms"
        />
      </label>
      {showStatus && (
        <label>
          Status
          <select
            aria-label="Status"
            value={value.status?.join(",") ?? ""}
            onChange={(e) => set({ status: e.target.value ? (e.target.value.split(",") as TBoardView["status"]) : undefined })}
          >
            <option value="">All</option>
            <option value="ACTIVE,ACKNOWLEDGED">Open</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      )}
      <Choice
        label="Severity"
        value={value.severity?.join(",")}
        options={[...SEVERITIES.map((s): [string, string] => [s, s.toLowerCase()]), ["CRITICAL,MAJOR", "critical + major"]]}
        onChange={(v) => set({ severity: v ? (v.split(",") as TBoardView["severity"]) : undefined })}
      />
      <Choice
        label="Source"
        value={value.source}
        options={SOURCES.map((s) => [s, s])}
        onChange={(v) => set({ source: (v || undefined) as TBoardView["source"] })}
      />
      <Choice
        label="Customer"
        value={value.customerId?.toString()}
        options={customers.map((c) => [String(c.id), c.name])}
        onChange={(v) => set({ customerId: v ? Number(v) : undefined })}
      />
      <Choice
        label="System"
        value={value.systemId?.toString()}
        options={systems.map((s) => [String(s.id), s.name])}
        onChange={(v) => set({ systemId: v ? Number(v) : undefined })}
      />
      <Choice
        label="Period"
        value={showRange ? "custom" : value.period}
        options={[
          ["1h", "last hour"],
          ["24h", "last 24 hours"],
          ["today", "today"],
          ["7d", "last 7 days"],
          ["custom", "from … to …"],
        ]}
        onChange={(v) => {
          setCustom(v === "custom");
          set({ period: v && v !== "custom" ? (v as TBoardView["period"]) : undefined, from: undefined, to: undefined });
        }}
      />
      {showRange && (
        <>
          <label>
            From
            <input
              type="datetime-local"
              aria-label="From"
              value={value.from ?? ""}
              onChange={(e) => set({ from: e.target.value || undefined, period: undefined })}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              aria-label="To"
              value={value.to ?? ""}
              onChange={(e) => set({ to: e.target.value || undefined, period: undefined })}
            />
          </label>
        </>
      )}
    </div>
  );
}

/** A labelled select whose empty choice means "All". */
function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value?: string;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}
      <select aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
