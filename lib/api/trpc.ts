import { initTRPC, type TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { roleAllows, type TRole } from "../auth/index.ts";
import type { TContext } from "./context.ts";
import { toTrpcError } from "./error-map.ts";

export type TMeta = { role?: TRole; public?: boolean };

function errorFormatter({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const zod = error.cause instanceof ZodError ? error.cause : null;
  return {
    ...shape,
    // tRPC's own message for bad input is the issues as pretty-printed JSON; programs and
    // people reading a 400 get one line per field instead ("limit: Too big: …").
    message: zod ? zod.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") : shape.message,
    data: { ...shape.data, zodError: zod ? z.flattenError(zod) : null },
  };
}

const t = initTRPC.context<TContext>().meta<TMeta>().create({ errorFormatter });

// The same procedures over superjson, for the web UI's own client: dates arrive as Date, as the
// router's types say. Programs keep the plain JSON the README shows (see lib/api/wire.client.ts).
const tBrowser = initTRPC.context<TContext>().meta<TMeta>().create({ errorFormatter, transformer: superjson });

export const router = t.router;
export const browserRouter = tBrowser.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** No login needed: health, login, first-run setup. Everything else goes through procedureWithRole. */
export const publicProcedure = t.procedure.meta({ public: true }).use(mapErrors);

export function procedureWithRole(role: TRole) {
  return t.procedure
    .meta({ role })
    .use(mapErrors)
    .use(({ ctx, next }) => {
      if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "log in or send Authorization: Bearer <token>" });
      if (!roleAllows(ctx.principal.role, role)) throw new TRPCError({ code: "FORBIDDEN", message: `needs role ${role}` });
      return next({ ctx: { ...ctx, principal: ctx.principal } });
    });
}

export const viewerProcedure = procedureWithRole("VIEWER");
export const technicianProcedure = procedureWithRole("TECHNICIAN");
export const adminProcedure = procedureWithRole("ADMIN");
