import { SEVERITIES, SOURCES, STATUSES } from "./types.ts";

export type TBoardFilter = {
  q?: string;
  status?: string[];
  severity?: string[];
  source?: string;
  systemId?: number;
  customerId?: number;
  from?: string;
  to?: string;
  sort: "lastSeen" | "firstSeen" | "count" | "severity";
};

type TOption = { id: number; name: string };

export function AlarmFilters({
  value,
  onChange,
  systems,
  customers,
}: {
  value: TBoardFilter;
  onChange: (f: TBoardFilter) => void;
  systems: TOption[];
  customers: TOption[];
}) {
  const set = (patch: Partial<TBoardFilter>) => onChange({ ...value, ...patch });
  const one = (v: string) => (v ? [v] : undefined);
  return (
    <div className="filters" role="search">
      <label>
        Search
        <input
          type="search"
          placeholder="MO, port, product ID, any trap value…"
          defaultValue={value.q}
          onKeyDown={(e) => e.key === "Enter" && set({ q: e.currentTarget.value || undefined })}
          onBlur={(e) => set({ q: e.currentTarget.value || undefined })}
          aria-label="Search alarms"
        />
      </label>
      <label>
        Status
        <select
          aria-label="Status"
          value={value.status?.join(",") ?? ""}
          onChange={(e) => set({ status: e.target.value ? e.target.value.split(",") : undefined })}
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
      <Choice
        label="Severity"
        value={value.severity?.[0]}
        options={SEVERITIES.map((s) => [s, s.toLowerCase()])}
        onChange={(v) => set({ severity: one(v) })}
      />
      <Choice label="Source" value={value.source} options={SOURCES.map((s) => [s, s])} onChange={(v) => set({ source: v || undefined })} />
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
      <label>
        From
        <input
          type="datetime-local"
          aria-label="From"
          value={value.from ?? ""}
          onChange={(e) => set({ from: e.target.value || undefined })}
        />
      </label>
      <label>
        To
        <input type="datetime-local" aria-label="To" value={value.to ?? ""} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
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
