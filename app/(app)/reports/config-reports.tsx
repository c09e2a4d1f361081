"use client";
import Link from "next/link";
import { Fragment, useCallback, useEffect, useState } from "react";
import { ConfigDiffView } from "@/components/reports/config-diff-view.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";
import type { TReportDiff } from "@/lib/tasks/config-diff.ts";

type TReport = Awaited<ReturnType<typeof api.configReport.recent.query>>[number];

/** The Reports page's configuration-report part: every system's reports, newest first, their changes and downloads. */
export function ConfigReports() {
  const [items, setItems] = useState<TReport[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [diff, setDiff] = useState<TReportDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems(await api.configReport.recent.query({ limit: 100 }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const toggle = async (id: number) => {
    if (open === id) return setOpen(null);
    setOpen(id);
    setDiff(null);
    try {
      setDiff((await api.configReport.get.query({ id })).diff as TReportDiff);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section aria-label="Configuration reports" style={{ minWidth: 0 }}>
      <h2>Configuration reports</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">No configuration reports yet: schedule them, or run one, on a system's page.</p>
      ) : (
        <div className="scroll-x">
          <table aria-label="Configuration reports">
            <thead>
              <tr>
                <th>#</th>
                <th>System</th>
                <th>Taken</th>
                <th>Changed</th>
                <th>Download</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <Fragment key={r.id}>
                  <tr data-report={r.id}>
                    <td>
                      <button type="button" aria-expanded={open === r.id} onClick={() => void toggle(r.id)}>
                        Differences #{r.id}
                      </button>
                    </td>
                    <td>
                      <Link href={`/systems/${r.systemId}`}>{r.systemName}</Link>
                    </td>
                    <td>{new Date(r.createdAt).toLocaleString()}</td>
                    <td>{r.changed ? <span className="badge task-FAILED">changed</span> : "no"}</td>
                    <td>
                      <a href={`/api/reports/config/${r.id}?format=text`}>text</a> ·{" "}
                      <a href={`/api/reports/config/${r.id}?format=csv`}>CSV</a>
                    </td>
                  </tr>
                  {open === r.id && (
                    <tr>
                      <td colSpan={5}>{diff ? <ConfigDiffView previousId={diff.previousId} changes={diff.changes} /> : "Loading…"}</td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
