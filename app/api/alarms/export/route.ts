import { principalFromHeaders } from "@/lib/api/index.ts";
import { csvHeader, csvRows, listAlarms, ZAlarmListInput } from "@/lib/alarms/index.ts";
import { loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";

export const dynamic = "force-dynamic";
const MAX_ROWS = 100_000;

/** CSV of the board's current filter, streamed page by page. Query: ?filter=<JSON of alarm.list input>. */
export async function GET(req: Request) {
  const env = loadEnv();
  const db = getDb(env.DATABASE_URL ?? "");
  const { principal } = await principalFromHeaders(db, req.headers);
  if (!principal) return new Response("unauthorized\n", { status: 401 });
  let raw: unknown = {};
  try {
    raw = JSON.parse(new URL(req.url).searchParams.get("filter") ?? "{}");
  } catch {
    return new Response("filter is not JSON\n", { status: 400 });
  }
  const parsed = ZAlarmListInput.safeParse({ ...(raw as object), limit: 500, cursor: undefined });
  if (!parsed.success) return new Response(`invalid filter: ${parsed.error.message}\n`, { status: 400 });

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
      let cursor: number | null | undefined;
      let sent = 0;
      do {
        const page = await listAlarms(db, { ...parsed.data, cursor });
        controller.enqueue(encoder.encode(csvRows(page.items)));
        sent += page.items.length;
        cursor = page.nextCursor;
      } while (cursor && sent < MAX_ROWS);
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="klaxon-alarms.csv"` },
  });
}
