import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { TAppRouterForBrowser } from "./root-router.ts";
import { SUPERJSON_WIRE } from "./wire.client.ts";

/** The browser's typed API client: same-origin, session cookie, superjson (dates arrive as Date). */
export const api = createTRPCClient<TAppRouterForBrowser>({
  links: [
    httpBatchLink({
      url: "/api/trpc",
      maxURLLength: 4000,
      transformer: superjson,
      headers: { [SUPERJSON_WIRE.header]: SUPERJSON_WIRE.value },
    }),
  ],
});

export type { TApiInputs, TApiOutputs } from "./api-types.ts";

export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const zod = (e.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError;
    const fields = zod?.fieldErrors ? Object.entries(zod.fieldErrors).map(([k, v]) => `${k}: ${v?.join(", ")}`) : [];
    return fields.length ? fields.join("; ") : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
