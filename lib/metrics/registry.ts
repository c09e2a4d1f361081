import client from "prom-client";
import { currentPrimary } from "../cluster/index.ts";
import type { TDb } from "../db/index.ts";

type TState = { registry: client.Registry; db?: TDb; nodeName?: string };
const holder = globalThis as unknown as { klaxonMetrics?: TState };

/**
 * Gauges are read from the database at scrape time: any node's /api/metrics shows the
 * cluster's alarm counts, and this node's own process metrics.
 */
export function metricsRegistry(db: TDb, nodeName: string): client.Registry {
  if (holder.klaxonMetrics) {
    holder.klaxonMetrics.db = db;
    return holder.klaxonMetrics.registry;
  }
  const state: TState = { registry: new client.Registry(), db, nodeName };
  const registry = state.registry;
  // prom-client's default names already start with process_ / nodejs_: "klaxon_" gives klaxon_process_cpu_seconds_total.
  client.collectDefaultMetrics({ register: registry, prefix: "klaxon_" });
  new client.Gauge({
    name: "klaxon_alarms",
    help: "Alarms by status and severity",
    labelNames: ["status", "severity"],
    registers: [registry],
    async collect() {
      const rows = await state.db!.alarm.groupBy({ by: ["status", "severity"], _count: { _all: true } });
      this.reset();
      for (const r of rows) this.set({ status: r.status, severity: r.severity }, r._count._all);
    },
  });
  new client.Gauge({
    name: "klaxon_cluster_nodes",
    help: "Cluster nodes by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const rows = await state.db!.clusterNode.groupBy({ by: ["state"], _count: { _all: true } });
      this.reset();
      for (const r of rows) this.set({ state: r.state }, r._count._all);
    },
  });
  new client.Gauge({
    name: "klaxon_node_is_primary",
    help: "1 when this node holds the primary lease",
    registers: [registry],
    async collect() {
      const lease = await currentPrimary(state.db!);
      this.set(lease?.holderName === state.nodeName ? 1 : 0);
    },
  });
  new client.Gauge({
    name: "klaxon_rejected_intake_total",
    help: "Rejected intake rows currently kept",
    registers: [registry],
    async collect() {
      this.set(await state.db!.rejectedIntake.count());
    },
  });
  holder.klaxonMetrics = state;
  return registry;
}
