import type { TFieldChange } from "@/lib/tasks/config-diff.ts";

function describe(c: TFieldChange): string {
  switch (c.change) {
    case "changed":
      return `${c.row} ${c.field}: "${c.before}" → "${c.after}"`;
    case "added":
    case "removed":
      return `${c.change} row ${c.row}: ${Object.values(c.values).filter(Boolean).join(" ")}`;
    case "command-added":
      return "command added to the report";
    case "command-removed":
      return "command no longer in the report";
    case "text":
      return `"${c.before}" → "${c.after}"`;
  }
}

/** A configuration report's differences from the one before it, field by field, command by command. */
export function ConfigDiffView({ previousId, changes }: { previousId: number | null; changes: TFieldChange[] }) {
  if (previousId === null) return <p className="muted">The system's first report: nothing to compare with.</p>;
  if (changes.length === 0) return <p className="muted">No change since report #{previousId}.</p>;
  return (
    <div className="scroll-x">
      <table aria-label="Configuration changes">
        <thead>
          <tr>
            <th>Command</th>
            <th>Change (since #{previousId})</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i}>
              <td>
                <code>{c.command}</code>
              </td>
              <td>{describe(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
