import type { TApiInputs } from "@/lib/api/api-types.ts";

/** What the board's URL holds (the same shape a saved view stores: savedView.save's `view`). */
export type TBoardView = TApiInputs["savedView"]["save"]["view"];
export type TAlarmFilterInput = TApiInputs["alarm"]["acknowledgeMatching"]["filter"];

const STATUSES = ["ACTIVE", "ACKNOWLEDGED", "RESOLVED"] as const;
const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INFO"] as const;
const SOURCES = ["SNMP", "INADS", "API", "TEST"] as const;
const SORTS = ["priority", "lastSeen", "firstSeen", "count", "severity"] as const;
const PERIODS = ["1h", "24h", "today", "7d"] as const;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** With no query string the board shows what a desk wants first: open alarms, worst first. */
export const DEFAULT_VIEW: TBoardView = { status: ["ACTIVE", "ACKNOWLEDGED"], sort: "priority" };

type TParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const pick = <T extends string>(allowed: readonly T[], v: string | undefined) =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
const list = <T extends string>(allowed: readonly T[], v: string | undefined) => {
  const items = (v ?? "").split(",").filter((x): x is T => (allowed as readonly string[]).includes(x));
  return items.length ? [...new Set(items)] : undefined;
};
const id = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** Reads a (possibly hand-edited or stale) query string; anything not understood is dropped, never an error. */
export function viewFromParams(params: TParams): TBoardView {
  const status = first(params.status);
  const from = first(params.from);
  const to = first(params.to);
  const view: TBoardView = {
    q: first(params.q)?.trim().slice(0, 200) || undefined,
    status: status === "all" ? undefined : (list(STATUSES, status) ?? DEFAULT_VIEW.status),
    severity: list(SEVERITIES, first(params.severity)),
    source: pick(SOURCES, first(params.source)),
    systemId: id(first(params.systemId)),
    customerId: id(first(params.customerId)),
    period: pick(PERIODS, first(params.period)),
    from: from && LOCAL.test(from) ? from : undefined,
    to: to && LOCAL.test(to) ? to : undefined,
    sort: pick(SORTS, first(params.sort)) ?? "priority",
  };
  return clean(view);
}

/** The query string for a view: only what differs from the default, so a shared link stays short. */
export function viewToSearch(view: TBoardView): string {
  const p = new URLSearchParams();
  if (view.q) p.set("q", view.q);
  const status = view.status?.join(",");
  if (status !== DEFAULT_VIEW.status?.join(",")) p.set("status", status ?? "all");
  if (view.severity?.length) p.set("severity", view.severity.join(","));
  if (view.source) p.set("source", view.source);
  if (view.systemId) p.set("systemId", String(view.systemId));
  if (view.customerId) p.set("customerId", String(view.customerId));
  if (view.period) p.set("period", view.period);
  if (view.from) p.set("from", view.from);
  if (view.to) p.set("to", view.to);
  if (view.sort && view.sort !== "priority") p.set("sort", view.sort);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The API filter a view means now: a relative period becomes a start time when asked, not when saved. */
export function filterOf(view: TBoardView, now = new Date()): TAlarmFilterInput {
  let from = view.from ? new Date(view.from) : undefined;
  if (view.period) {
    const start = new Date(now);
    if (view.period === "today") start.setHours(0, 0, 0, 0);
    else start.setTime(now.getTime() - { "1h": 1, "24h": 24, "7d": 24 * 7 }[view.period] * 3_600_000);
    from = start;
  }
  return clean({
    q: view.q,
    status: view.status,
    severity: view.severity,
    source: view.source,
    systemId: view.systemId,
    customerId: view.customerId,
    from,
    to: view.to ? new Date(view.to) : undefined,
  });
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
}
