import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext, routerFor } from "@/lib/api/index.ts";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: routerFor(req),
    createContext: ({ req, resHeaders }) => createContext({ req, resHeaders }),
  });

export { handler as GET, handler as POST };
