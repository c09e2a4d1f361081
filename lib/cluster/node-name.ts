import { randomUUID } from "node:crypto";
import os from "node:os";
import type { TNameHolder } from "./node-registry.ts";

/** One id per `klaxon start` (or per bare worker process), carried by the registry row and the lease. */
export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The reason a process refuses to serve under a name another live process holds. */
export function nameTakenMessage(name: string, holder: TNameHolder): string {
  const where = `${holder.host}${holder.pid ? `, pid ${holder.pid}` : ""}`;
  return (
    `node name "${name}" belongs to another running Klaxon process (${where}, heartbeat ${Math.round(holder.heartbeatAgeMs)} ms ago): ` +
    "give this node its own NODE_NAME, or stop the other process first"
  );
}
