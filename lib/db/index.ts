export { createPrisma, getDb, type TDb } from "./client.ts";
export { migrate, pendingSchemaDiff, createMigration, isEmptyScript, seededTables } from "./migrations.ts";
export { startEmbeddedPostgres, type TEmbedded } from "./embedded.ts";
export { listen, type TListenHandle } from "./listen.ts";
export { ZId } from "./id.ts";
export * from "./generated/client.ts";
