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
        <select aria-label="Status" value={value.status?.join(",") ?? ""} onChange={(e) => set({ status: e.target.value ? e.target.value.split(",") : undefined })}>
          <option value="">All</option>
          <option value="ACTIVE,ACKNOWLEDGED">Open</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select aria-label="Severity" value={value.severity?.[0] ?? ""} onChange={(e) => set({ severity: one(e.target.value) })}>
          <option value="">All</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Source
        <select aria-label="Source" value={value.source ?? ""} onChange={(e) => set({ source: e.target.value || undefined })}>
          <option value="">All</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Customer
        <select aria-label="Customer" value={value.customerId ?? ""} onChange={(e) => set({ customerId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">All</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        System
        <select aria-label="System" value={value.systemId ?? ""} onChange={(e) => set({ systemId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">All</option>
          {systems.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="datetime-local" aria-label="From" value={value.from ?? ""} onChange={(e) => set({ from: e.target.value || undefined })} />
      </label>
      <label>
        To
        <input type="datetime-local" aria-label="To" value={value.to ?? ""} onChange={(e) => set({ to: e.target.value || undefined })} />
      </label>
    </div>
  );
}
