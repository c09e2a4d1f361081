import { drainNode, listNodes, removeNode, resumeNode } from "../../lib/cluster/index.ts";
import { loadEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";

const USAGE = "usage: klaxon node drain NAME | node resume NAME | node remove NAME | node list";
const actor = { type: "SYSTEM" as const, name: "cli" };

/** `klaxon node …`: the CLI face of the cluster admin functions in lib/cluster. */
export async function runNodeCommand(db: TDb, [sub, name]: string[]): Promise<void> {
  const env = loadEnv();
  if (sub === "list") {
    const view = await listNodes(db, { offlineMs: env.NODE_OFFLINE_MS });
    for (const n of view.nodes) {
      console.log(
        `${n.primary ? "*" : " "} ${n.name.padEnd(20)} ${n.state.padEnd(8)} v${n.version.padEnd(8)} ${n.host} heartbeat ${(n.heartbeatAgeMs / 1000).toFixed(1)} s ago`,
      );
    }
    for (const w of view.warnings) console.log(`warning: ${w}`);
    return;
  }
  if (!name) throw new Error(USAGE);
  switch (sub) {
    case "drain": {
      const { releasedLease } = await drainNode(db, { name, actor });
      console.log(`${name} is draining: it claims no new jobs${releasedLease ? " and gave up the primary lease" : ""}`);
      return;
    }
    case "resume":
      await resumeNode(db, { name, actor });
      console.log(`${name} is online again`);
      return;
    case "remove":
      await removeNode(db, { name, actor, offlineMs: env.NODE_OFFLINE_MS });
      console.log(`${name} removed`);
      return;
    default:
      throw new Error(USAGE);
  }
}
