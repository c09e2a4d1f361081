import { Prisma } from "../db/index.ts";

/** Prisma stores UTC in timestamp(3) columns; raw SQL compares against this. */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
/** The same as a fragment for `Prisma.sql` / tagged `$queryRaw` statements. */
export const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
