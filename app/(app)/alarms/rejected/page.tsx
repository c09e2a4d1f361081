"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/ui/data-table.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

type TPage = Awaited<ReturnType<typeof api.alarm.rejected.query>>;

/** What intake refused and why: the evidence when a PBX says it reported and the board shows nothing. */
export default function RejectedIntakePage() {
  const [page, setPage] = useState<TPage | null>(null);
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  const load = useCallback(
    () => api.alarm.rejected.query({ limit: 100, cursor }).then(setPage, (e) => setError(errorMessage(e))),
    [cursor],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div>
      <p>
        <Link href="/alarms">← Alarms</Link>
      </p>
      <h1>Rejected intake</h1>
      <p className="muted">
        Malformed or unauthorised traps, line noise and unreadable alarm calls are kept here (the newest 10,000), never silently dropped.
        {page ? ` ${page.lastDay} in the last 24 hours.` : ""}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && (
        <DataTable
          label="Rejected intake"
          rows={page.items}
          empty="Nothing was rejected."
          columns={[
            { key: "at", label: "When", render: (r) => new Date(r.at).toLocaleString() },
            { key: "source", label: "Source", render: (r) => r.source },
            { key: "remote", label: "From", render: (r) => r.remote ?? "—" },
            { key: "node", label: "Node", render: (r) => r.nodeName ?? "—" },
            { key: "reason", label: "Reason", render: (r) => r.reason },
            {
              key: "raw",
              label: "Raw (hex/text)",
              render: (r) => (
                <code title={r.raw}>
                  {r.raw.slice(0, 60)}
                  {r.raw.length > 60 ? "…" : ""}
                </code>
              ),
            },
          ]}
        />
      )}
      <div className="toolbar">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!page?.nextCursor} onClick={() => setCursors((c) => [...c, page?.nextCursor])}>
          Next
        </button>
      </div>
    </div>
  );
}
