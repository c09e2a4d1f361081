import { principalFromHeaders, clientIp } from "@/lib/api/index.ts";
import { loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";
import { metricsRegistry } from "@/lib/metrics/index.ts";

export const dynamic = "force-dynamic";

/** Prometheus text: for a bearer token (any role) or a client on METRICS_ALLOW. */
export async function GET(req: Request) {
  const env = loadEnv();
  const db = getDb(env.DATABASE_URL ?? "");
  const allow = env.METRICS_ALLOW.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = clientIp(req.headers);
  const allowed = (ip && allow.includes(ip)) || (await principalFromHeaders(db, req.headers)).principal?.kind === "token";
  if (!allowed) return new Response("metrics need a bearer token or an allowed address\n", { status: 401 });
  const registry = metricsRegistry(db, env.NODE_NAME);
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
