import { describe, expect, it } from "vitest";
import { metricsRegistry } from "../../lib/metrics/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

describe("/api/metrics names", () => {
  const t = useTestDatabase("metrics_names");

  it("process metrics are klaxon_process_* (not klaxon_process_process_*) next to the alarm gauges", async () => {
    const text = await metricsRegistry(t.db, "n").metrics();
    expect(text).toMatch(/^klaxon_process_cpu_seconds_total /m);
    expect(text).toMatch(/^klaxon_nodejs_heap_size_used_bytes /m);
    expect(text).not.toContain("process_process");
    expect(text).toMatch(/^klaxon_node_is_primary 0$/m);
  });
});
