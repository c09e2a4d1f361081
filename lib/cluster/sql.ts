/** Prisma stores UTC in timestamp(3) columns; raw SQL compares against this. */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
