import { z } from "zod";
import type { TDb } from "../db/index.ts";

export const ZCustomerInput = z.object({ name: z.string().trim().min(1).max(100), notes: z.string().max(2000).optional().nullable() });

export const listCustomers = (db: TDb) =>
  db.customer.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, notes: true, _count: { select: { systems: true } } } });

export const createCustomer = (db: TDb, input: z.infer<typeof ZCustomerInput>) =>
  db.customer.create({ data: input, select: { id: true, name: true } });
