import { principalFromHeaders } from "@/lib/api/index.ts";
import { loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";
import { AppError } from "@/lib/errors/index.ts";
import { reportSendBody } from "@/lib/maintenance/index.ts";

export const dynamic = "force-dynamic";

/** A sent alarm report as it was mailed: ?format=html (the mail body) or ?format=csv (the attachment). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const env = loadEnv();
  const db = getDb(env.DATABASE_URL ?? "");
  const { principal } = await principalFromHeaders(db, req.headers);
  if (!principal) return new Response("unauthorized\n", { status: 401 });
  const id = Number((await params).id);
  const format = new URL(req.url).searchParams.get("format") ?? "html";
  if (!Number.isInteger(id) || (format !== "html" && format !== "csv"))
    return new Response("expected /api/reports/alarm/<id>?format=html|csv\n", { status: 400 });
  try {
    const file = await reportSendBody(db, { id, format });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        // The HTML is our own rendering of alarm data: never let it run script in our origin.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return new Response(`${e.message}\n`, { status: 404 });
    throw e;
  }
}
