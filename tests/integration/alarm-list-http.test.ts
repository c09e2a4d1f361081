import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { ingest } from "../../lib/alarms/index.ts";
import { appRouter } from "../../lib/api/index.ts";
import { contextFor } from "../support/api-caller.ts";
import { useTestDatabase } from "../support/db-fixture.ts";

type TListBody = {
  result?: { data: { items: { id: number; port: string }[]; nextCursor?: number | null } };
  error?: { message: string; data: { httpStatus: number } };
};

// alarm.list as a program sees it: tRPC 11's HTTP wire format (the same handler as
// app/api/trpc/[trpc]/route.ts), plain JSON in the URL, JSON out.
describe("alarm.list over HTTP", () => {
  const t = useTestDatabase("alarm_list_http");
  const principal = { kind: "user" as const, id: 1, name: "viewer@example.com", role: "VIEWER" as const };
  const list = async (input: unknown): Promise<[number, TListBody]> => {
    const req = new Request(`http://klaxon/api/trpc/alarm.list?input=${encodeURIComponent(JSON.stringify(input))}`);
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => contextFor(t.db, principal),
    });
    return [res.status, (await res.json()) as TListBody];
  };

  it("pages to the end with nextCursor, which is null (not missing) on the last page and may be sent back", async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      kind: "raise" as const,
      alarm: {
        source: "SNMP" as const,
        productId: "3000000011",
        severity: "MAJOR" as const,
        maintObject: "CO-TRK",
        port: `01B010${i}`,
        alarmType: "MAJOR",
      },
    }));
    await ingest(t.db, items, { nodeName: "n" });
    const seen: number[] = [];
    let cursor: number | null | undefined;
    let pages = 0;
    do {
      const [status, body] = await list({ limit: 2, cursor });
      expect(status).toBe(200);
      const data = body.result?.data;
      expect(data && "nextCursor" in data).toBe(true);
      seen.push(...(data?.items.map((a) => a.id) ?? []));
      cursor = data?.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  it("q matches % and _ literally, not as LIKE wildcards", async () => {
    await ingest(
      t.db,
      [
        {
          kind: "raise",
          alarm: {
            source: "SNMP",
            productId: "3000000012",
            severity: "MINOR",
            maintObject: "POWER",
            port: "01C",
            alarmType: "MINOR",
            raw: { varbinds: [{ oid: "1.3.6.1.4.1.9.1", value: "load 95% on rail_b" }] },
          },
        },
        {
          kind: "raise",
          alarm: {
            source: "SNMP",
            productId: "3000000012",
            severity: "MINOR",
            maintObject: "POWER",
            port: "01D",
            alarmType: "MINOR",
            raw: { varbinds: [{ oid: "1.3.6.1.4.1.9.1", value: "load 95 on railXb" }] },
          },
        },
      ],
      { nodeName: "n" },
    );
    for (const q of ["95%", "rail_b", "%", "_"]) {
      const [, body] = await list({ q });
      expect(
        body.result?.data.items.map((a) => a.port),
        q,
      ).toEqual(["01C"]);
    }
  });

  it("answers bad input with 400 and a one-line message naming the field", async () => {
    const [status, body] = await list({ limit: 501, from: "yesterday" });
    expect(status).toBe(400);
    expect(body.error?.message).toContain("limit: Too big: expected number to be <=500");
    expect(body.error?.message).toContain("from: expected a date");
    expect(body.error?.message).not.toContain("\n");
  });
});
