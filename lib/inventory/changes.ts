import type { TDb } from "../db/index.ts";

/** NOTIFY channel for changes to systems, so intake on every node reloads SNMP settings at once. */
export const SYSTEMS_CHANNEL = "klaxon_systems";

export async function announceSystemsChanged(db: TDb): Promise<void> {
  await db.$executeRawUnsafe(`SELECT pg_notify($1, '')`, SYSTEMS_CHANNEL);
}
