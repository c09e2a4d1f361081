export { dataDir, defaultBackupDir, loadEnv, type TEnv, ZEnv } from "./env.ts";
export { klaxonVersion } from "./version.ts";
