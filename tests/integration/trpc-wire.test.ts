import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { ingest } from "../../lib/alarms/index.ts";
import { routerFor, type TAppRouterForBrowser } from "../../lib/api/index.ts";
import { SUPERJSON_WIRE } from "../../lib/api/wire.client.ts";
import { contextFor } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

// Both wires through the real HTTP handler (the same code as app/api/trpc/[trpc]/route.ts).
describe("the tRPC wire: plain JSON for programs, superjson for the web UI", () => {
  const t = useTestDatabase("trpc_wire");
  const principal = { kind: "user" as const, id: 1, name: "tech@example.com", role: "TECHNICIAN" as const };
  const serve = (req: Request) =>
    fetchRequestHandler({ endpoint: "/api/trpc", req, router: routerFor(req), createContext: () => contextFor(t.db, principal) });

  it("a program posts and reads plain JSON exactly as the README shows, dates as ISO strings", async () => {
    const post = await serve(
      new Request("http://klaxon/api/trpc/alarm.ingest", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ alarms: [{ productId: "4200000001", severity: "MAJOR", maintObject: "DS1-BD", port: "01A05" }] }),
      }),
    );
    expect(post.status).toBe(200);
    const created = ((await post.json()) as { result: { data: { created: number[] } } }).result.data.created;
    expect(created).toHaveLength(1);

    const input = encodeURIComponent(JSON.stringify({ productId: "4200000001", from: "2000-01-01T00:00:00Z" }));
    const get = await serve(new Request(`http://klaxon/api/trpc/alarm.list?input=${input}`));
    expect(get.status).toBe(200);
    const body = (await get.json()) as { result: { data: { items: { id: number; lastSeenAt: unknown }[]; nextCursor: null } } };
    expect(body.result.data.items.map((a) => a.id)).toEqual(created);
    expect(body.result.data.items[0]?.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.result.data.nextCursor).toBeNull();
    expect(JSON.stringify(body)).not.toContain('"meta"');
  });

  it("the web UI's client gets Date objects where the router says Date, and sends dates as dates", async () => {
    await ingest(t.db, [{ kind: "raise", alarm: { source: "SNMP", productId: "4200000002", severity: "MINOR", maintObject: "POWER" } }], {
      nodeName: "n",
    });
    const seen: Request[] = [];
    const client = createTRPCClient<TAppRouterForBrowser>({
      links: [
        httpBatchLink({
          url: "http://klaxon/api/trpc",
          transformer: superjson,
          headers: { [SUPERJSON_WIRE.header]: SUPERJSON_WIRE.value },
          fetch: async (url, init) => {
            const req = new Request(url, init as RequestInit);
            seen.push(req.clone());
            return serve(req);
          },
        }),
      ],
    });
    const page = await client.alarm.list.query({ productId: "4200000002", from: new Date(Date.now() - 60_000) });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.lastSeenAt).toBeInstanceOf(Date);
    expect(page.items[0]?.firstSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const detail = await client.alarm.get.query({ id: page.items[0]?.id as number });
    expect(detail.events[0]?.at).toBeInstanceOf(Date);
    // Errors come through the transformer too, readable by the client.
    await expect(client.alarm.list.query({ limit: 501 })).rejects.toMatchObject({ message: expect.stringContaining("limit: Too big") });
    expect(decodeURIComponent(new URL(seen[0]?.url ?? "").search)).toContain('"meta"');
  });
});
