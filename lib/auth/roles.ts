import { z } from "zod";

export const ZRole = z.enum(["ADMIN", "TECHNICIAN", "VIEWER"]);
export type TRole = z.infer<typeof ZRole>;

const RANK: Record<TRole, number> = { VIEWER: 1, TECHNICIAN: 2, ADMIN: 3 };

/** Roles are ordered: an admin may do what a technician may, a technician what a viewer may. */
export function roleAllows(held: TRole, needed: TRole): boolean {
  return RANK[held] >= RANK[needed];
}
