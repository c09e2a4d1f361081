import { z } from "zod";

/**
 * A row id as the database holds it (PostgreSQL `integer`): an id beyond int4 is refused as bad
 * input here instead of reaching the query and failing there with the driver's message.
 */
export const ZId = z.number().int().min(1).max(2_147_483_647);
