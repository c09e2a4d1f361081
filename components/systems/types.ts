import type { getSystem } from "@/lib/inventory/systems.ts";
import type { TSystemTaskStatus } from "@/lib/tasks/system-status.ts";

export type TSystem = Awaited<ReturnType<typeof getSystem>>;
export type TSystemStatus = TSystemTaskStatus;
