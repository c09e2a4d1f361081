import { z } from "zod";
import { listAudit } from "../../audit/index.ts";
import { ZId } from "../../db/index.ts";
import { adminProcedure, router } from "../trpc.ts";

export const auditRouter = router({
  list: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), cursor: ZId.optional() }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
