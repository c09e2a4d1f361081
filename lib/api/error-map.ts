import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AppError, type TAppErrorCode } from "../errors/index.ts";
import { Prisma } from "../db/index.ts";

const CODES: Record<TAppErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** The one place domain and database errors become API errors. */
export function toTrpcError(cause: unknown): TRPCError | null {
  if (cause instanceof AppError) return new TRPCError({ code: CODES[cause.code], message: cause.message, cause });
  if (isDatabaseDown(cause))
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "the database is unreachable; try again shortly", cause });
  if (cause instanceof Prisma.PrismaClientKnownRequestError) {
    if (cause.code === "P2025") return new TRPCError({ code: "NOT_FOUND", message: "not found", cause });
    if (cause.code === "P2002") {
      const fields = uniqueFields(cause.meta);
      const message = fields.length ? `${fields.join(", ")}: another record already has this value` : "already exists";
      return new TRPCError({ code: "CONFLICT", message, cause });
    }
    if (cause.code === "P2003") return new TRPCError({ code: "BAD_REQUEST", message: "refers to something that does not exist", cause });
  }
  return null;
}

// P1001 can't reach, P1002 timed out, P1017 closed the connection: the database, not the request.
const DB_DOWN = new Set(["P1001", "P1002", "P1017"]);
function isDatabaseDown(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientInitializationError || (e instanceof Prisma.PrismaClientKnownRequestError && DB_DOWN.has(e.code));
}

// The clashing columns: `meta.target` from Prisma's own engine, the constraint's fields through the pg adapter.
function uniqueFields(meta: Record<string, unknown> | undefined): string[] {
  const target = meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  const adapter = meta?.driverAdapterError as { cause?: { constraint?: { fields?: unknown } } } | undefined;
  const fields = adapter?.cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map((f) => String(f).replace(/^"|"$/g, "")) : [];
}
