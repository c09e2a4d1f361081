import { createServer } from "node:net";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeAll, describe, expect, it } from "vitest";

// A port nobody listens on: the database is "down" for the whole of this file.
const deadPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe("the tRPC API while the database is unreachable", () => {
  beforeAll(async () => {
    process.env.DATABASE_URL = `postgresql://postgres:x@127.0.0.1:${await deadPort()}/klaxon`;
  });

  it("answers 503 with a plain message, not a 500 with Prisma's internals", async () => {
    // Imported after DATABASE_URL is set: the real route's context reads the environment.
    const { appRouter, createContext } = await import("../../lib/api/index.ts");
    const call = (headers: Record<string, string>) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request("http://klaxon/api/trpc/alarm.stats", { headers }),
        router: appRouter,
        createContext: ({ req, resHeaders }) => createContext({ req, resHeaders }),
      });
    const attempts: Record<string, string>[] = [{ authorization: "Bearer klx_some_token" }, { cookie: "klaxon_session=abc" }];
    for (const headers of attempts) {
      const res = await call(headers);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toBe("the database is unreachable; try again shortly");
    }
  }, 30_000);
});
