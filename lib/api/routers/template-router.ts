import { z } from "zod";
import { ZId } from "../../db/index.ts";
import {
  DEFAULT_TEMPLATE,
  previewTemplate,
  resetTemplate,
  saveTemplate,
  TEMPLATE_VARIABLES,
  templateFor,
  ZTemplateInput,
} from "../../dispatch/index.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import { auditChange } from "./audit-helpers.ts";

export const templateRouter = router({
  /** The template a customer's alarms use (customerId omitted: Default), and the variables. */
  get: viewerProcedure.input(z.object({ customerId: ZId.nullish() })).query(async ({ ctx, input }) => ({
    template: await templateFor(ctx.db, input.customerId ?? null),
    variables: TEMPLATE_VARIABLES,
    builtIn: DEFAULT_TEMPLATE,
  })),
  save: adminProcedure
    .input(z.object({ customerId: ZId.nullish(), template: ZTemplateInput }))
    .mutation(async ({ ctx, input }) => {
      const t = await saveTemplate(ctx.db, { customerId: input.customerId ?? null, template: input.template });
      await auditChange(ctx, "template.save", input.customerId ? `customer ${input.customerId}` : "Default");
      return t;
    }),
  reset: adminProcedure.input(z.object({ customerId: ZId })).mutation(async ({ ctx, input }) => {
    await resetTemplate(ctx.db, input);
    await auditChange(ctx, "template.reset", `customer ${input.customerId}`);
    return { ok: true as const };
  }),
  /** The template filled with a sample alarm, as email subject/text/HTML and as pager text. */
  preview: viewerProcedure
    .input(z.object({ template: ZTemplateInput, maxPagerLength: z.number().int().min(10).max(1000).optional() }))
    .query(({ input }) => previewTemplate(input.template, input.maxPagerLength)),
});
