"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AlarmFilters, type TBoardFilter } from "@/components/alarms/alarm-filters.tsx";
import { AlarmList } from "@/components/alarms/alarm-list.tsx";
import { SeverityCards } from "@/components/alarms/severity-cards.tsx";
import { TrendChart } from "@/components/alarms/trend-chart.tsx";
import type { TAlarmRow } from "@/components/alarms/types.ts";
import { UnknownSystems } from "@/components/alarms/unknown-systems.tsx";
import { api, errorMessage } from "@/lib/api/trpc.client.ts";

const PAGE = 50;
const TREND_HOURS = 24;

type TStats = Awaited<ReturnType<typeof api.alarm.stats.query>>;
type TTrend = Awaited<ReturnType<typeof api.alarm.trend.query>>;

function toInput(f: TBoardFilter) {
  return {
    q: f.q,
    status: f.status as ("ACTIVE" | "ACKNOWLEDGED" | "RESOLVED")[] | undefined,
    severity: f.severity as ("CRITICAL" | "MAJOR" | "MINOR" | "WARNING" | "INFO")[] | undefined,
    source: f.source as "SNMP" | "INADS" | "API" | "TEST" | undefined,
    systemId: f.systemId,
    customerId: f.customerId,
    from: f.from ? new Date(f.from) : undefined,
    to: f.to ? new Date(f.to) : undefined,
  };
}

export default function AlarmBoard() {
  const [filter, setFilter] = useState<TBoardFilter>({ status: ["ACTIVE", "ACKNOWLEDGED"], sort: "lastSeen" });
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [rows, setRows] = useState<TAlarmRow[]>([]);
  const [next, setNext] = useState<number | undefined>();
  const [stats, setStats] = useState<TStats | null>(null);
  const [trend, setTrend] = useState<TTrend>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  // Once the feed has been live, losing it (a node stopping, the network) reads "reconnecting".
  const [wasLive, setWasLive] = useState(false);
  const [role, setRole] = useState<string>("VIEWER");
  const [options, setOptions] = useState<{ systems: { id: number; name: string }[]; customers: { id: number; name: string }[] }>({
    systems: [],
    customers: [],
  });
  const [unknown, setUnknown] = useState<{ productId: string; valid: boolean; alarms: number }[]>([]);
  const cursor = cursors[cursors.length - 1];
  const input = useMemo(() => toInput(filter), [filter]);

  const load = useCallback(async () => {
    try {
      const [page, s, t, u] = await Promise.all([
        api.alarm.list.query({ ...input, sort: filter.sort, limit: PAGE, cursor }),
        api.alarm.stats.query(),
        api.alarm.trend.query({ hours: TREND_HOURS }),
        api.system.unknown.query(),
      ]);
      setRows(page.items as unknown as TAlarmRow[]);
      setNext(page.nextCursor ?? undefined);
      setStats(s);
      setTrend(t);
      setUnknown(u);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [input, filter.sort, cursor]);

  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    api.auth.me.query().then(
      (me) => setRole(me.role),
      () => {},
    );
    Promise.all([api.system.list.query(), api.system.customers.query()]).then(
      ([systems, customers]) => setOptions({ systems, customers }),
      () => {},
    );
    // Server push: each committed change anywhere in the cluster triggers one debounced reload.
    const source = new EventSource("/api/alarms/stream");
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => {
      setLive(true);
      setWasLive(true);
    };
    source.onerror = () => setLive(false);
    source.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(() => void loadRef.current(), 150);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);

  const canAct = role === "ADMIN" || role === "TECHNICIAN";
  const act = async (kind: "acknowledge" | "resolve", ids: number[]) => {
    try {
      await api.alarm[kind].mutate({ ids, comment: comment || undefined });
      setSelected(new Set());
      setComment("");
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const changeFilter = (f: TBoardFilter) => {
    setFilter(f);
    setCursors([undefined]);
    setSelected(new Set());
  };
  const exportUrl = `/api/alarms/export?filter=${encodeURIComponent(JSON.stringify({ ...input, sort: filter.sort }))}`;

  return (
    <div>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>Alarms</h1>
        <span className={`live ${live ? "on" : ""}`} data-testid="live">
          {live ? "live" : wasLive ? "reconnecting…" : "connecting…"}
        </span>
      </div>
      {stats && <SeverityCards open={stats.openBySeverity} byStatus={stats.byStatus} />}
      <TrendChart points={trend} hours={TREND_HOURS} />
      <div style={{ height: 10 }} />
      <UnknownSystems
        items={unknown}
        onCreate={
          role === "ADMIN"
            ? async (productId) => {
                await api.system.createFromUnknown.mutate({ productId }).catch((e) => setError(errorMessage(e)));
                await load();
              }
            : undefined
        }
      />
      <AlarmFilters value={filter} onChange={changeFilter} systems={options.systems} customers={options.customers} />
      <div className="toolbar">
        {canAct && (
          <>
            <input placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} aria-label="Comment" />
            <button type="button" disabled={selected.size === 0} onClick={() => act("acknowledge", [...selected])}>
              Acknowledge selected ({selected.size})
            </button>
            <button type="button" disabled={selected.size === 0} onClick={() => act("resolve", [...selected])}>
              Resolve selected
            </button>
          </>
        )}
        <a href={exportUrl} download>
          Export CSV
        </a>
        <a href="/alarms/rejected">Rejected intake</a>
        <a href="/alarms/archive">Archive</a>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <AlarmList
        rows={rows}
        selected={selected}
        onToggle={(id) => setSelected((s) => new Set(s.has(id) ? [...s].filter((x) => x !== id) : [...s, id]))}
        onToggleAll={() => setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))))}
        onAck={canAct ? (id) => act("acknowledge", [id]) : undefined}
        onResolve={canAct ? (id) => act("resolve", [id]) : undefined}
        onSort={(sort) => changeFilter({ ...filter, sort })}
      />
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
