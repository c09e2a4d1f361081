import type { ReactNode } from "react";

export type TColumn<T> = { key: string; label: string; render: (row: T) => ReactNode };

/** A table on a desk; on a phone (CSS "stack") one labelled card per row, so no column squeezes words apart. */
export function DataTable<T extends { id: number }>({
  rows,
  columns,
  label,
  empty,
}: {
  rows: T[];
  columns: TColumn<T>[];
  label: string;
  empty?: string;
}) {
  if (rows.length === 0) return <p className="muted">{empty ?? "Nothing yet."}</p>;
  return (
    <table aria-label={label} className="panel phone-cards">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key}>{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {columns.map((c) => (
              <td key={c.key} data-label={c.label || undefined}>
                {c.render(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
