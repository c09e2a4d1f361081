import type { TApiOutputs } from "@/lib/api/api-types.ts";

/** A system as system.get returns it, and its task status as task.systemStatus does. */
export type TSystem = NonNullable<TApiOutputs["system"]["get"]>;
export type TSystemListItem = TApiOutputs["system"]["list"][number];
export type TSystemStatus = TApiOutputs["task"]["systemStatus"][number];
