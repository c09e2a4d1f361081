import { appRouter, createCallerFactory, type TContext } from "../../lib/api/index.ts";
import type { TPrincipal, TRole } from "../../lib/auth/index.ts";
import { loadEnv } from "../../lib/config/index.ts";
import type { TDb } from "../../lib/db/index.ts";

const factory = createCallerFactory(appRouter);

export function contextFor(db: TDb, principal: TPrincipal | null): TContext {
  return {
    db,
    env: loadEnv({ NODE_NAME: "test-node", KLAXON_DATA_DIR: ".data/test-secrets" } as unknown as NodeJS.ProcessEnv),
    principal,
    sessionToken: null,
    ip: "127.0.0.1",
    userAgent: "vitest",
    resHeaders: new Headers(),
    https: false,
    secretKey: () => Buffer.alloc(32, 7),
  };
}

export function callerAs(db: TDb, role: TRole | null) {
  const principal = role ? { kind: "user" as const, id: 1, name: `${role.toLowerCase()}@example.com`, role } : null;
  return factory(contextFor(db, principal));
}
