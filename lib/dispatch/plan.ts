import { z } from "zod";
import { ZId } from "../db/index.ts";
import { type TAlarmFacts, matchesAlarm } from "./match.ts";

export const ZChannel = z.enum(["EMAIL", "PAGER"]);
export type TChannel = z.infer<typeof ZChannel>;

export const ZLevel = z.object({
  afterSec: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400),
  contactIds: z.array(ZId).min(1, "a level needs at least one contact"),
  channels: z.array(ZChannel).min(1, "a level needs at least one channel"),
});
export type TLevel = z.infer<typeof ZLevel>;

export type TPolicy = {
  id: number;
  name: string;
  enabled: boolean;
  severities: string[];
  customerId: number | null;
  systemId: number | null;
  maintObject: string | null;
  levels: TLevel[];
  notifyResolved: boolean;
};

/** One escalation step of an alarm's plan: who to tell, how, and when (seconds after first seen). */
export const ZPlanStep = z.object({
  policyId: ZId,
  level: z.number().int().min(1).max(4),
  afterSec: z.number().int().min(0),
  contactIds: z.array(ZId),
  channels: z.array(ZChannel),
  notifyResolved: z.boolean(),
});
export type TPlanStep = z.infer<typeof ZPlanStep>;
export const ZPlan = z.array(ZPlanStep);

/** Every matching policy's levels, in the order they come due (ties: lower level first). */
export function planFor(policies: TPolicy[], alarm: TAlarmFacts): TPlanStep[] {
  const steps: TPlanStep[] = [];
  for (const p of policies) {
    if (!p.enabled || !matchesAlarm(p, alarm)) continue;
    for (const [i, l] of p.levels.entries())
      steps.push({
        policyId: p.id,
        level: i + 1,
        afterSec: l.afterSec,
        contactIds: l.contactIds,
        channels: l.channels,
        notifyResolved: p.notifyResolved,
      });
  }
  return steps.sort((a, b) => a.afterSec - b.afterSec || a.level - b.level || a.policyId - b.policyId);
}

export const dueAt = (firstSeenAt: Date, step: TPlanStep | undefined) =>
  step ? new Date(firstSeenAt.getTime() + step.afterSec * 1000) : null;

/** The idempotency key: one notification per (alarm, level, contact, channel); resolved notices level "R". */
export function idempotencyKey(n: { alarmId: number; level: number | "R"; contactId: number; channel: TChannel }): string {
  return `${n.alarmId}:${n.level}:${n.contactId}:${n.channel}`;
}

/** Derived from the key, so a resend of the same notification carries the same Message-ID. */
export function messageIdFor(n: { alarmId: number; level: number | "R"; contactId: number; channel: TChannel }, domain: string): string {
  return `<klaxon.${n.alarmId}.${n.level}.${n.contactId}.${n.channel.toLowerCase()}@${domain}>`;
}
