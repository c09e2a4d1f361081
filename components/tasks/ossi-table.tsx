import type { TAnswer } from "./types.ts";

/** One SAT command's OSSI answer: its table (field ids as headings), error lines and messages. */
export function OssiTable({ answer }: { answer: TAnswer }) {
  return (
    <section className="ossi" aria-label={`Answer to ${answer.command}`}>
      <h3>
        <code>{answer.command}</code>{" "}
        {answer.ok ? <span className="badge task-PASSED">taken</span> : <span className="badge task-FAILED">refused</span>}
      </h3>
      {answer.errors.map((e, i) => (
        <p key={`e${i}`} className="error">
          {e.message}
          {e.codes.length ? ` (error ${e.codes.join(" ")})` : ""}
        </p>
      ))}
      {answer.messages.map((m, i) => (
        <p key={`m${i}`} className="muted">
          {m}
        </p>
      ))}
      {answer.fields.length > 0 && (
        <div className="scroll-x">
          <table aria-label={`OSSI ${answer.command}`}>
            <thead>
              <tr>
                {answer.fields.map((f) => (
                  <th key={f}>
                    <code>{f}</code>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {answer.rows.map((r, i) => (
                <tr key={i}>
                  {answer.fields.map((f) => (
                    <td key={f}>{r[f] ?? ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer.fields.length > 0 && answer.rows.length === 0 && <p className="muted">No rows.</p>}
    </section>
  );
}
