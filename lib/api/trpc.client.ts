import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { TAppRouter } from "./root-router.ts";

/** The browser's typed API client: same-origin, session cookie. */
export const api = createTRPCClient<TAppRouter>({
  links: [httpBatchLink({ url: "/api/trpc", maxURLLength: 4000 })],
});

export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const zod = (e.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError;
    const fields = zod?.fieldErrors ? Object.entries(zod.fieldErrors).map(([k, v]) => `${k}: ${v?.join(", ")}`) : [];
    return fields.length ? fields.join("; ") : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
