"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { AlarmFilters } from "@/components/alarms/alarm-filters.tsx";
import { AlarmList } from "@/components/alarms/alarm-list.tsx";
import { filterOf, type TBoardView } from "@/components/alarms/board-view.ts";
import type { TAlarmRow } from "@/components/alarms/types.ts";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

const PAGE = 50;

/** The archive: resolved alarms the archive routine moved off the board, searched like the board (read-only). */
export default function AlarmArchivePage() {
  const [filter, setFilter] = useState<TBoardView>({ sort: "lastSeen" });
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [rows, setRows] = useState<TAlarmRow[]>([]);
  const [next, setNext] = useState<number | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<{ systems: { id: number; name: string }[]; customers: { id: number; name: string }[] }>({
    systems: [],
    customers: [],
  });
  const cursor = cursors[cursors.length - 1];
  const input = useMemo(() => ({ archived: true, ...filterOf({ ...filter, status: undefined }), sort: filter.sort }), [filter]);

  const load = useCallback(async () => {
    try {
      const page = await api.alarm.list.query({ ...input, limit: PAGE, cursor });
      setRows(page.items);
      setNext(page.nextCursor ?? undefined);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [input, cursor]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    Promise.all([api.system.list.query(), api.system.customers.query()]).then(
      ([systems, customers]) => setOptions({ systems, customers }),
      () => {},
    );
  }, []);
  const change = (f: TBoardView) => {
    setFilter(f);
    setCursors([undefined]);
  };

  return (
    <div>
      <p>
        <Link href="/alarms">← Alarms</Link>
      </p>
      <h1>Alarm archive</h1>
      <p className="muted">
        Resolved alarms moved off the board by the archive routine (Maintenance page). Same filters and order as the board.
      </p>
      <AlarmFilters value={filter} onChange={change} systems={options.systems} customers={options.customers} showStatus={false} />
      <div className="toolbar">
        <a href={`/api/alarms/export?filter=${encodeURIComponent(JSON.stringify(input))}`} download>
          Export CSV
        </a>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <AlarmList rows={rows} onSort={(sort) => change({ ...filter, sort })} sort={filter.sort} />
      <div className="toolbar">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!next} onClick={() => setCursors((c) => [...c, next])}>
          Next
        </button>
        <span className="muted">Page {cursors.length}</span>
      </div>
    </div>
  );
}
