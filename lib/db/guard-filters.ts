import { Prisma } from "./generated/client.ts";

function hasUndefined(where: unknown): boolean {
  if (where === undefined) return true;
  if (where === null || typeof where !== "object") return false;
  return Object.values(where as Record<string, unknown>).some((v) => v === undefined);
}

/**
 * A missing id must not widen a bulk write to every row (cal.com's
 * disallow-undefined-delete-update-many): refuse `undefined` in updateMany/deleteMany filters.
 */
export const guardFilters = Prisma.defineExtension({
  name: "guard-undefined-bulk-filters",
  query: {
    $allModels: {
      async updateMany({ model, args, query }) {
        if (hasUndefined(args.where)) throw new Error(`${model}.updateMany: undefined in filter`);
        return query(args);
      },
      async deleteMany({ model, args, query }) {
        if (hasUndefined(args.where)) throw new Error(`${model}.deleteMany: undefined in filter`);
        return query(args);
      },
    },
  },
});
