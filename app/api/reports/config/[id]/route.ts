import { principalFromHeaders } from "@/lib/api/index.ts";
import { loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";
import { AppError } from "@/lib/errors/index.ts";
import { configReportSections, reportCsv } from "@/lib/tasks/index.ts";

export const dynamic = "force-dynamic";

/** A stored configuration report: ?format=text (each command and the system's answer) or ?format=csv (one line per cell). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const env = loadEnv();
  const db = getDb(env.DATABASE_URL ?? "");
  const { principal } = await principalFromHeaders(db, req.headers);
  if (!principal) return new Response("unauthorized\n", { status: 401 });
  const id = Number((await params).id);
  const format = new URL(req.url).searchParams.get("format") ?? "text";
  if (!Number.isInteger(id) || (format !== "text" && format !== "csv"))
    return new Response("expected /api/reports/config/<id>?format=text|csv\n", { status: 400 });
  try {
    const r = await configReportSections(db, { id });
    const stamp = r.createdAt.toISOString().slice(0, 16).replace(/[:T]/g, "-");
    const filename = `config-${r.system.productId}-${stamp}.${format === "csv" ? "csv" : "txt"}`;
    const body =
      format === "csv"
        ? reportCsv(r.sections)
        : `Configuration report ${r.id} of ${r.system.name} (${r.system.productId}), ${r.createdAt.toISOString()}\n\n${r.content}\n`;
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
      },
    });
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return new Response(`${e.message}\n`, { status: 404 });
    throw e;
  }
}
