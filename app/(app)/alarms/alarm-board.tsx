"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AlarmFilters } from "@/components/alarms/alarm-filters.tsx";
import { AlarmList } from "@/components/alarms/alarm-list.tsx";
import { filterOf, type TBoardView, viewToSearch } from "@/components/alarms/board-view.ts";
import { BulkBar } from "@/components/alarms/bulk-bar.tsx";
import { useDeskPrefs } from "@/components/alarms/desk-prefs.ts";
import { SeverityCards } from "@/components/alarms/severity-cards.tsx";
import { TrendChart } from "@/components/alarms/trend-chart.tsx";
import type { TAlarmRow } from "@/components/alarms/types.ts";
import { SEVERITIES } from "@/components/alarms/types.ts";
import { UnknownSystems } from "@/components/alarms/unknown-systems.tsx";
import { useAlarmStream } from "@/components/alarms/use-alarm-stream.ts";
import { usePullToRefresh } from "@/components/alarms/use-pull-to-refresh.ts";
import { useSession } from "@/components/layout/session.tsx";
import { api, errorMessage, type TApiOutputs } from "@/lib/api/trpc.client.ts";
import { SavedViews } from "./saved-views.tsx";
import { useDeskAlerts } from "./use-desk-alerts.ts";

const PAGE = 50;
const TREND_HOURS = 24;
// Long enough to catch the eye on a wall screen, short enough not to hide the next burst.
const FRESH_MS = 6000;

type TStats = TApiOutputs["alarm"]["stats"];
type TOptions = { systems: { id: number; name: string }[]; customers: { id: number; name: string }[] };

/** The live alarm board. Its view (filter and sort) lives in the URL; the role comes from the server's session. */
export function AlarmBoard({ initialView }: { initialView: TBoardView }) {
  const { role } = useSession();
  const canAct = role === "ADMIN" || role === "TECHNICIAN";
  const [view, setView] = useState<TBoardView>(initialView);
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [rows, setRows] = useState<TAlarmRow[] | null>(null);
  const [next, setNext] = useState<number | undefined>();
  const [overall, setOverall] = useState<TStats | null>(null);
  const [matching, setMatching] = useState<number | undefined>();
  const [trend, setTrend] = useState<TApiOutputs["alarm"]["trend"]>([]);
  const [unknown, setUnknown] = useState<TApiOutputs["system"]["unknown"]>([]);
  const [options, setOptions] = useState<TOptions>({ systems: [], customers: [] });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [prefs, setPrefs] = useDeskPrefs();
  const unackedUrgent = overall ? (overall.activeBySeverity.CRITICAL ?? 0) + (overall.activeBySeverity.MAJOR ?? 0) : undefined;
  const alerts = useDeskAlerts(prefs, unackedUrgent);
  const cursor = cursors[cursors.length - 1];
  const known = useRef<Set<number> | null>(null);

  const load = useCallback(async () => {
    const filter = filterOf(view);
    try {
      const [page, all, filtered, t, u] = await Promise.all([
        api.alarm.list.query({ ...filter, sort: view.sort, limit: PAGE, cursor }),
        api.alarm.stats.query(),
        api.alarm.stats.query(filter),
        api.alarm.trend.query({ hours: TREND_HOURS }),
        api.system.unknown.query(),
        alerts.check(),
      ]);
      // Rows not seen before on this board are highlighted for a few seconds (not on the first load).
      const seen = known.current;
      const added = seen ? page.items.filter((a) => !seen.has(a.id)).map((a) => a.id) : [];
      known.current = new Set([...(seen ?? []), ...page.items.map((a) => a.id)]);
      if (added.length) {
        setFresh((f) => new Set([...f, ...added]));
        setTimeout(() => setFresh((f) => new Set([...f].filter((id) => !added.includes(id)))), FRESH_MS);
      }
      setRows(page.items);
      setNext(page.nextCursor ?? undefined);
      setOverall(all);
      setMatching(filtered.total);
      setTrend(t);
      setUnknown(u);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [view, cursor, alerts.check]);

  useEffect(() => {
    void load();
  }, [load]);
  const stream = useAlarmStream(() => void load());
  const boardRef = useRef<HTMLDivElement>(null);
  const pull = usePullToRefresh(boardRef, load);

  useEffect(() => {
    Promise.all([api.system.list.query(), api.system.customers.query()]).then(
      ([systems, customers]) => setOptions({ systems, customers }),
      () => {},
    );
    // Ages ("12 min") move on even when no alarm changes.
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);

  const changeView = (v: TBoardView) => {
    setView(v);
    setCursors([undefined]);
    setSelected(new Set());
    setAllMatching(false);
    // The URL is the board's state: shareable, and a refresh keeps it.
    window.history.replaceState(null, "", `${window.location.pathname}${viewToSearch(v)}`);
  };

  const actOnIds = async (kind: "acknowledge" | "resolve", ids: number[], comment?: string) => {
    try {
      const r = await api.alarm[kind].mutate({ ids, comment });
      setNotice(`${kind === "acknowledge" ? "Acknowledged" : "Resolved"} ${r.changed.length}`);
      setSelected(new Set());
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const actBulk = async (kind: "acknowledge" | "resolve", comment?: string) => {
    if (!allMatching) return actOnIds(kind, [...selected], comment);
    try {
      const call = kind === "acknowledge" ? api.alarm.acknowledgeMatching : api.alarm.resolveMatching;
      const { count } = await call.mutate({ filter: filterOf(view), comment });
      setNotice(`${kind === "acknowledge" ? "Acknowledged" : "Resolved"} ${count.toLocaleString()} alarms`);
      setAllMatching(false);
      setSelected(new Set());
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const pickSeverity = (s: (typeof SEVERITIES)[number]) =>
    changeView({ ...view, severity: view.severity?.length === 1 && view.severity[0] === s ? undefined : [s] });

  const exportUrl = `/api/alarms/export?filter=${encodeURIComponent(JSON.stringify({ ...filterOf(view), sort: view.sort }))}`;
  const selection = useMemo(
    () =>
      canAct && rows
        ? {
            selected,
            onToggle: (id: number) => {
              setAllMatching(false);
              setSelected((s) => new Set(s.has(id) ? [...s].filter((x) => x !== id) : [...s, id]));
            },
            onToggleAll: () => {
              setAllMatching(false);
              setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))));
            },
          }
        : undefined,
    [canAct, rows, selected],
  );

  return (
    <div className="board" ref={boardRef}>
      {(pull.distance > 0 || pull.refreshing) && (
        <div className="pull" data-testid="pull" role="status" style={{ height: pull.distance }}>
          {pull.refreshing ? "Refreshing…" : pull.ready ? "Release to refresh" : "Pull to refresh"}
        </div>
      )}
      <div className="board-head">
        <h1>Alarms</h1>
        <div className="board-prefs" aria-label="Desk settings">
          <span className={`live ${stream === "live" ? "on" : stream}`} data-testid="live" role="status">
            {stream === "live" ? "live" : stream === "reconnecting" ? "reconnecting…" : "connecting…"}
          </span>
          <label>
            <input
              type="checkbox"
              checked={prefs.sound}
              onChange={(e) => {
                if (e.target.checked) alerts.armAudio();
                setPrefs({ sound: e.target.checked });
              }}
            />
            Sound
          </label>
          {prefs.sound && !alerts.audioArmed && (
            <span className="muted" data-testid="sound-hint">
              click anywhere to enable the klaxon
            </span>
          )}
          <label>
            <input
              type="checkbox"
              checked={prefs.notify}
              onChange={async (e) => {
                const on = e.target.checked;
                if (on && typeof Notification !== "undefined" && Notification.permission !== "granted") {
                  const answer = await Notification.requestPermission();
                  if (answer !== "granted") return setError("The browser refused notifications for this site.");
                }
                setPrefs({ notify: on });
              }}
            />
            Notify
          </label>
          <label>
            at
            <select
              aria-label="Alert at severity"
              value={prefs.alertAt}
              onChange={(e) => setPrefs({ alertAt: e.target.value as (typeof SEVERITIES)[number] })}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s === "INFO" ? "any" : `${s.toLowerCase()}${s === "CRITICAL" ? "" : "+"}`}
                </option>
              ))}
            </select>
          </label>
          <label className="density">
            <input type="checkbox" checked={prefs.compact} onChange={(e) => setPrefs({ compact: e.target.checked })} />
            Compact
          </label>
        </div>
      </div>
      {overall && (
        <SeverityCards open={overall.openBySeverity} active={overall.activeBySeverity} selected={view.severity} onPick={pickSeverity} />
      )}
      <div className="toolbar">
        <button type="button" className="filters-toggle" aria-expanded={filtersOpen} onClick={() => setFiltersOpen((o) => !o)}>
          Filters{view.q || view.severity || view.systemId || view.customerId || view.source || view.period ? " •" : ""}
        </button>
        <label className="row" style={{ alignItems: "center", display: "inline-flex" }}>
          Sort
          <select
            aria-label="Sort"
            value={view.sort ?? "priority"}
            onChange={(e) => changeView({ ...view, sort: e.target.value as TBoardView["sort"] })}
          >
            <option value="priority">worst first</option>
            <option value="lastSeen">last seen</option>
            <option value="firstSeen">first seen</option>
            <option value="severity">severity</option>
            <option value="count">count</option>
          </select>
        </label>
        {matching !== undefined && (
          <span className="muted" data-testid="matching">
            {matching.toLocaleString()} match
          </span>
        )}
        <a href={exportUrl} download>
          Export CSV
        </a>
        <a href="/alarms/archive">Archive</a>
      </div>
      <AlarmFilters
        value={view}
        onChange={changeView}
        systems={options.systems}
        customers={options.customers}
        className={filtersOpen ? "" : "folded"}
      />
      <div className="board-actions">
        <SavedViews current={view} onApply={changeView} />
        {canAct && (
          <BulkBar
            selectedCount={selected.size}
            matching={matching}
            allMatching={allMatching}
            onSelectAllMatching={() => setAllMatching(true)}
            onClear={() => {
              setAllMatching(false);
              setSelected(new Set());
            }}
            onAct={actBulk}
          />
        )}
      </div>
      {notice && (
        <p className="muted" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows && (
        <AlarmList
          rows={rows}
          selection={selection}
          onAck={canAct ? (id) => actOnIds("acknowledge", [id]) : undefined}
          onResolve={canAct ? (id) => actOnIds("resolve", [id]) : undefined}
          onSort={(sort) => changeView({ ...view, sort })}
          sort={view.sort}
          compact={prefs.compact}
          fresh={fresh}
          now={now}
        />
      )}
      <div className="toolbar">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!next} onClick={() => setCursors((c) => [...c, next])}>
          Next
        </button>
        <span className="muted">Page {cursors.length}</span>
      </div>
      {/* Context, not triage: below the alarms so a storm's first screen is alarms. */}
      <div className="chart-panel">
        <TrendChart points={trend} hours={TREND_HOURS} />
      </div>
      <div className="unknown-wrap">
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
      </div>
    </div>
  );
}
