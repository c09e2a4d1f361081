export { loadEnv, dataDir, ZEnv, type TEnv } from "./env.ts";
export { klaxonVersion } from "./version.ts";
