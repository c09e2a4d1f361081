import { audit } from "../../audit/index.ts";
import type { TPrincipal } from "../../auth/index.ts";
import type { TContext } from "../context.ts";

/** Audit a change made through the API by the calling principal. */
export function auditChange(ctx: TContext & { principal: TPrincipal }, action: string, target?: string, detail?: unknown) {
  return audit(ctx.db, {
    actor: { type: ctx.principal.kind === "user" ? "USER" : "TOKEN", id: ctx.principal.id, name: ctx.principal.name },
    action,
    target,
    detail,
    nodeName: ctx.env.NODE_NAME,
  });
}
