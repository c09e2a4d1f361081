// Worker threads do not inherit the parent's TypeScript loader (Node 20), so they start here.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
