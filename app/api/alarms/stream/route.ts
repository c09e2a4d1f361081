import { principalFromHeaders } from "@/lib/api/index.ts";
import { subscribeAlarmChanges } from "@/lib/alarms/index.ts";
import { loadEnv } from "@/lib/config/index.ts";
import { getDb } from "@/lib/db/index.ts";

export const dynamic = "force-dynamic";

/** Server-sent events: one "change" event per committed alarm change (the board then refetches). */
export async function GET(req: Request) {
  const env = loadEnv();
  const url = env.DATABASE_URL ?? "";
  const { principal } = await principalFromHeaders(getDb(url), req.headers);
  if (!principal) return new Response("unauthorized\n", { status: 401 });

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send("retry: 2000\n\n");
      const unsubscribe = subscribeAlarmChanges(url, (payload) => send(`event: change\ndata: ${payload.replace(/\n/g, " ")}\n\n`));
      // A comment every 15 s keeps proxies from closing an idle stream.
      const ping = setInterval(() => send(": ping\n\n"), 15_000);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {}
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
