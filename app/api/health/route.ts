import { klaxonVersion, loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";
import { nodeHealth } from "@/lib/health/index.ts";

export const dynamic = "force-dynamic";

export async function GET() {
  const env = loadEnv();
  const base = { node: env.NODE_NAME, version: klaxonVersion() };
  try {
    if (!env.DATABASE_URL) throw new Error("no DATABASE_URL");
    const health = await withTimeout(
      nodeHealth(getDb(env.DATABASE_URL), {
        ...base,
        nodeName: env.NODE_NAME,
        staleMs: env.NODE_OFFLINE_MS,
        instanceId: env.KLAXON_INSTANCE_ID,
      }),
      4000,
    );
    // 200 means receiving: a load balancer or a script may send alarms the moment it sees it.
    return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json(
      { status: "error", ...base, primary: false, db: "down" },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}
