import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import type { TSilence } from "./match.ts";

export const ZSilenceInput = z
  .object({
    match: z
      .object({
        systemId: ZId.nullish(),
        customerId: ZId.nullish(),
        maintObject: z.string().trim().max(60).nullish(),
      })
      .refine((m) => m.systemId != null || m.customerId != null || !!m.maintObject, {
        message: "a silence must name a system, a customer or a maintenance object",
      }),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    /** Instead of endsAt: this many minutes from the start. */
    durationMin: z
      .number()
      .int()
      .min(1)
      .max(366 * 24 * 60)
      .optional(),
    comment: z.string().trim().max(500).optional(),
  })
  .refine((s) => s.endsAt || s.durationMin, { message: "give endsAt or durationMin", path: ["endsAt"] });
export type TSilenceInput = z.infer<typeof ZSilenceInput>;

export async function createSilence(db: TDb, input: TSilenceInput, createdBy: string) {
  const startsAt = input.startsAt ?? new Date();
  const endsAt = input.endsAt ?? new Date(startsAt.getTime() + (input.durationMin ?? 0) * 60_000);
  if (endsAt <= startsAt) throw new AppError("INVALID", "a silence must end after it starts");
  return db.silence.create({
    data: {
      systemId: input.match.systemId ?? null,
      customerId: input.match.customerId ?? null,
      maintObject: input.match.maintObject || null,
      startsAt,
      endsAt,
      comment: input.comment || null,
      createdBy,
    },
  });
}

/** Silences still in force or to come first, then the last 100 ended ones. */
export async function listSilences(db: TDb) {
  const now = new Date();
  const [current, ended] = await Promise.all([
    db.silence.findMany({ where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" } }),
    db.silence.findMany({ where: { endsAt: { lte: now } }, orderBy: { endsAt: "desc" }, take: 100 }),
  ]);
  return [...current, ...ended].map((s) => ({ ...s, active: s.startsAt <= now && now < s.endsAt }));
}

export async function expireSilence(db: TDb, { id }: { id: number }) {
  const now = new Date();
  const s = await db.silence.findUnique({ where: { id } });
  if (!s) throw new AppError("NOT_FOUND", `silence ${id} not found`);
  if (s.endsAt <= now) return s;
  return db.silence.update({ where: { id }, data: { endsAt: now, ...(s.startsAt > now ? { startsAt: now } : {}) } });
}

export async function loadActiveSilences(db: TDb, now = new Date()): Promise<TSilence[]> {
  return db.silence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } } });
}
