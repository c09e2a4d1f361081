import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  createCustomer,
  createSystem,
  createSystemFromUnknown,
  deleteSystem,
  getSystem,
  listCustomers,
  listSystems,
  unknownProductIds,
  updateSystem,
  ZCustomerInput,
  ZSystemInput,
  ZSystemPatch,
} from "../../inventory/index.ts";
import { acceptHostKey, forgetHostKey } from "../../connect/sat/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

const ZById = z.object({ id: ZId });

export const systemRouter = router({
  list: viewerProcedure
    .input(z.object({ q: z.string().max(100).optional() }).optional())
    .query(({ ctx, input }) => listSystems(ctx.db, input ?? {})),
  get: viewerProcedure.input(ZById).query(({ ctx, input }) => getSystem(ctx.db, input)),
  unknown: viewerProcedure.query(({ ctx }) => unknownProductIds(ctx.db)),
  customers: viewerProcedure.query(({ ctx }) => listCustomers(ctx.db)),

  create: adminProcedure.input(ZSystemInput).mutation(async ({ ctx, input }) => {
    const s = await createSystem(ctx.db, { input, secretKey: ctx.secretKey() });
    await auditChange(ctx, "system.create", s.productId, { name: s.name });
    return s;
  }),
  update: adminProcedure.input(z.object({ id: ZId, data: ZSystemPatch })).mutation(async ({ ctx, input }) => {
    const s = await updateSystem(ctx.db, { id: input.id, input: input.data, secretKey: ctx.secretKey() });
    const { satPassword, pppPassword, snmpV3AuthKey, snmpV3PrivKey, snmpCommunity, ...visible } = input.data;
    await auditChange(ctx, "system.update", s.productId, {
      ...visible,
      secretsChanged: [satPassword, pppPassword, snmpV3AuthKey, snmpV3PrivKey, snmpCommunity].some((v) => v !== undefined),
    });
    return s;
  }),
  /** Trusts the SSH host key the system offered after its remembered key changed (optionally: only if it is this fingerprint). */
  acceptHostKey: adminProcedure
    .input(z.object({ id: ZId, fingerprint: z.string().max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const state = await acceptHostKey(ctx.db, { systemId: input.id, fingerprint: input.fingerprint });
      await auditChange(ctx, "system.acceptHostKey", String(input.id), { hostKey: state.trusted });
      return state;
    }),
  /** Forgets the remembered SSH host key: the next connection remembers whatever key it meets. */
  forgetHostKey: adminProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    const state = await forgetHostKey(ctx.db, { systemId: input.id });
    await auditChange(ctx, "system.forgetHostKey", String(input.id));
    return state;
  }),
  delete: adminProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    const s = await deleteSystem(ctx.db, input);
    await auditChange(ctx, "system.delete", s.name);
    return s;
  }),
  createFromUnknown: adminProcedure
    .input(z.object({ productId: z.string().regex(/^\d{10}$/), name: z.string().trim().min(1).max(100).optional() }))
    .mutation(async ({ ctx, input }) => {
      const s = await createSystemFromUnknown(ctx.db, { ...input, secretKey: ctx.secretKey() });
      await auditChange(ctx, "system.create", s.productId, { fromUnknown: true });
      return s;
    }),
  createCustomer: adminProcedure.input(ZCustomerInput).mutation(async ({ ctx, input }) => {
    const c = await createCustomer(ctx.db, input);
    await auditChange(ctx, "customer.create", c.name);
    return c;
  }),
});
