import { z } from "zod";
import type { TDb } from "../db/index.ts";

export const ZListenerState = z.enum(["starting", "ok", "failed"]);
export type TListenerState = z.infer<typeof ZListenerState>;

/**
 * What the worker's intake listeners can take right now. The listeners run in the worker
 * process and /api/health in the web process: the worker writes this into its registry row
 * (owned by its instance id) whenever it changes, and health reads it next to the heartbeat.
 * `modems` covers answering ports only ("none" when the node has none).
 */
export const ZIntakeReadiness = z.object({
  snmp: ZListenerState,
  modems: z.union([ZListenerState, z.literal("none")]),
});
export type TIntakeReadiness = z.infer<typeof ZIntakeReadiness>;

export const INTAKE_STARTING: TIntakeReadiness = { snmp: "starting", modems: "starting" };

export function intakeReady(r: TIntakeReadiness): boolean {
  return r.snmp === "ok" && (r.modems === "ok" || r.modems === "none");
}

/** Aggregates answering modem ports: any still opening → starting, any faulted → failed. */
export function modemsReadiness(ports: { status: "IDLE" | "BUSY" | "FAULT" | "OFFLINE" }[]): TIntakeReadiness["modems"] {
  if (ports.length === 0) return "none";
  if (ports.some((p) => p.status === "OFFLINE")) return "starting";
  if (ports.some((p) => p.status === "FAULT")) return "failed";
  return "ok";
}

export async function writeIntakeReadiness(
  db: TDb,
  { nodeName, instanceId, intake }: { nodeName: string; instanceId: string; intake: TIntakeReadiness },
): Promise<void> {
  await db.$executeRaw`
    UPDATE "ClusterNode" SET intake = ${JSON.stringify(intake)}::jsonb WHERE name = ${nodeName} AND "instanceId" = ${instanceId}`;
}

/** A row written by an older worker, or none yet, reads as "starting". */
export function readIntakeReadiness(value: unknown): TIntakeReadiness {
  const parsed = ZIntakeReadiness.safeParse(value);
  return parsed.success ? parsed.data : INTAKE_STARTING;
}
