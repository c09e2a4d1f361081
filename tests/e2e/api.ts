import type { APIRequestContext, Page } from "@playwright/test";
import { E2E } from "./e2e-env.ts";

/** A tRPC call over plain HTTP, as any program would make it. */
export async function trpc<T = unknown>(
  request: APIRequestContext,
  path: string,
  input: unknown,
  { kind = "mutation", token }: { kind?: "query" | "mutation"; token?: string } = {},
): Promise<{ status: number; data: T | undefined; body: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const url = `${E2E.baseURL}/api/trpc/${path}`;
  const res =
    kind === "query"
      ? await request.get(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await request.post(url, { headers, data: JSON.stringify(input ?? null) });
  const body = (await res.json().catch(() => null)) as { result?: { data?: T } } | null;
  return { status: res.status(), data: body?.result?.data, body };
}

/** Logs the page's browser context in through the API (only the login spec uses the form). */
export async function loginAs(page: Page, who: { email: string; password: string }): Promise<void> {
  const r = await trpc(page.context().request, "auth.login", who);
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
}
