import { z } from "zod";
import { forgetAltAlarmTypes } from "../alarms/index.ts";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";

export const ZAltAlarmType = z.enum(["MAJOR", "MINOR", "WARNING", "NONE", "DROP"]);
export const ZMoOverrideInput = z.object({
  maintObject: z
    .string()
    .trim()
    .min(1, "a maintenance object is required")
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _./-]*$/, "maintenance object: letters, digits, - _ . / (e.g. DS1-BD)"),
  systemId: ZId.nullish(),
  alarmType: ZAltAlarmType,
});
export type TMoOverrideInput = z.infer<typeof ZMoOverrideInput>;

const scopeKey = (systemId: number | null | undefined, mo: string) => `${systemId ?? "*"}:${mo.trim().toUpperCase()}`;

/** One rule per (maintenance object, system or every system): setting it again replaces the type. */
export async function setMoOverride(db: TDb, input: TMoOverrideInput) {
  if (input.systemId != null && !(await db.system.findUnique({ where: { id: input.systemId }, select: { id: true } })))
    throw new AppError("INVALID", `no system with id ${input.systemId}`);
  const key = scopeKey(input.systemId, input.maintObject);
  const mo = input.maintObject.trim().toUpperCase();
  const row = await db.moOverride.upsert({
    where: { scopeKey: key },
    create: { scopeKey: key, maintObject: mo, systemId: input.systemId ?? null, alarmType: input.alarmType },
    update: { alarmType: input.alarmType },
  });
  forgetAltAlarmTypes();
  return row;
}

export async function listMoOverrides(db: TDb) {
  const rows = await db.moOverride.findMany({ orderBy: [{ maintObject: "asc" }, { systemId: "asc" }] });
  const systems = await db.system.findMany({
    where: { id: { in: rows.flatMap((r) => (r.systemId ? [r.systemId] : [])) } },
    select: { id: true, name: true },
  });
  return rows.map((r) => ({ ...r, systemName: systems.find((s) => s.id === r.systemId)?.name ?? null }));
}

export async function deleteMoOverride(db: TDb, { id }: { id: number }) {
  const gone = await db.moOverride.delete({ where: { id } }).catch(() => null);
  if (!gone) throw new AppError("NOT_FOUND", `alternate alarm type ${id} not found`);
  forgetAltAlarmTypes();
  return gone;
}
