import { request } from "@playwright/test";
import { trpc } from "./api.ts";
import { E2E } from "./e2e-env.ts";

/** Users for each role, created through the API with the bootstrap token. */
export default async function globalSetup() {
  const ctx = await request.newContext();
  for (const [who, role] of [
    [E2E.technician, "TECHNICIAN"],
    [E2E.viewer, "VIEWER"],
  ] as const) {
    const r = await trpc(ctx, "user.create", { ...who, name: role.toLowerCase(), role }, { token: E2E.token });
    if (r.status !== 200 && r.status !== 409) throw new Error(`could not create ${who.email}: ${JSON.stringify(r.body)}`);
  }
  await ctx.dispose();
}
