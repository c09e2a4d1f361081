import { confirmAck } from "@/lib/api/ack-link.ts";

export const dynamic = "force-dynamic";

/** The acknowledge page's confirm button (a form POST, so it works without JavaScript). */
export async function POST(req: Request) {
  const form = await req.formData();
  const token = String(form.get("token") ?? "");
  const r = await confirmAck(token);
  const done = r.state === "ready" ? "1" : r.state;
  return new Response(null, { status: 303, headers: { location: `/ack/${encodeURIComponent(token)}?done=${done}` } });
}
