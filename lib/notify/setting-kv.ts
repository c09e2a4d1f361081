import type { TDb } from "../db/index.ts";

/** One JSON value per key in the Setting table, shared by every node. */
export async function readSetting(db: TDb, key: string): Promise<unknown> {
  const row = await db.setting.findUnique({ where: { key }, select: { value: true } });
  return row?.value ?? null;
}

export async function writeSetting(db: TDb, key: string, value: object | number | string | boolean): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
