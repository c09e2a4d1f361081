import { z } from "zod";
import { ZId } from "../../db/index.ts";
import type { TPrincipal } from "../../auth/index.ts";
import {
  addModemPort,
  drainNode,
  listClusterEvents,
  listNodes,
  removeModemPort,
  removeNode,
  resumeNode,
  setNodeRoles,
  updateModemPort,
  ZModemPortInput,
  ZNodeRoles,
} from "../../cluster/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";

const ZName = z.object({ name: z.string().min(1).max(63) });

/** The domain functions record the ClusterEvent and the audit row themselves, with this actor. */
const actorOf = (p: TPrincipal) => ({ type: p.kind === "user" ? ("USER" as const) : ("TOKEN" as const), id: p.id, name: p.name });

export const clusterRouter = router({
  list: viewerProcedure.query(({ ctx }) => listNodes(ctx.db, { offlineMs: ctx.env.NODE_OFFLINE_MS })),
  warnings: viewerProcedure.query(async ({ ctx }) => (await listNodes(ctx.db, { offlineMs: ctx.env.NODE_OFFLINE_MS })).warnings),
  events: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(30) }).optional())
    .query(async ({ ctx, input }) =>
      (await listClusterEvents(ctx.db, { limit: (input?.limit ?? 30) * 2 })).filter((e) => e.kind !== "probe").slice(0, input?.limit ?? 30),
    ),

  setRoles: adminProcedure
    .input(z.object({ name: z.string().min(1).max(63), roles: ZNodeRoles.partial() }))
    .mutation(({ ctx, input }) => setNodeRoles(ctx.db, { ...input, actor: actorOf(ctx.principal) })),
  drain: adminProcedure.input(ZName).mutation(({ ctx, input }) => drainNode(ctx.db, { name: input.name, actor: actorOf(ctx.principal) })),
  resume: adminProcedure.input(ZName).mutation(({ ctx, input }) => resumeNode(ctx.db, { name: input.name, actor: actorOf(ctx.principal) })),
  remove: adminProcedure
    .input(ZName)
    .mutation(({ ctx, input }) =>
      removeNode(ctx.db, { name: input.name, actor: actorOf(ctx.principal), offlineMs: ctx.env.NODE_OFFLINE_MS }),
    ),

  addPort: adminProcedure
    .input(z.object({ nodeName: z.string().min(1).max(63), port: ZModemPortInput }))
    .mutation(({ ctx, input }) => addModemPort(ctx.db, { ...input, actor: actorOf(ctx.principal) })),
  updatePort: adminProcedure
    .input(z.object({ id: ZId, patch: ZModemPortInput.partial() }))
    .mutation(({ ctx, input }) => updateModemPort(ctx.db, { ...input, actor: actorOf(ctx.principal) })),
  removePort: adminProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) => removeModemPort(ctx.db, { ...input, actor: actorOf(ctx.principal) })),
});
