import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { guardFilters } from "./guard-filters.ts";

export function createPrisma(connectionString: string, max = 10) {
  const adapter = new PrismaPg({ connectionString, max, connectionTimeoutMillis: 5000 });
  return new PrismaClient({ adapter }).$extends(guardFilters);
}
export type TDb = ReturnType<typeof createPrisma>;

type Holder = { klaxonPrisma?: { url: string; db: TDb } };
const holder = globalThis as unknown as Holder;

/**
 * One client per process and URL. Cached on globalThis so Next's dev reloads and the
 * per-route bundles share one pool instead of opening a new one per module instance.
 */
export function getDb(connectionString: string): TDb {
  const current = holder.klaxonPrisma;
  if (current && current.url === connectionString) return current.db;
  const db = createPrisma(connectionString);
  holder.klaxonPrisma = { url: connectionString, db };
  return db;
}
