import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter } from "../../lib/api/index.ts";
import { roleAllows, type TRole } from "../../lib/auth/index.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { callerAs } from "../support/api-caller.ts";

type TProc = { _def: { meta?: { role?: TRole; public?: boolean } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, TProc>);
const PUBLIC = ["auth.login", "auth.setup", "auth.setupNeeded"];

async function call(role: TRole | null, path: string, db: Parameters<typeof callerAs>[0]): Promise<string> {
  const caller = callerAs(db, role) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split(".") as [string, string];
  try {
    await caller[ns]![name]!(undefined);
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : "ERROR";
  }
}

describe("authorization of every tRPC procedure", () => {
  const t = useTestDatabase("authz");

  it("every procedure declares a role or is one of the known public ones", () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const [path, proc] of procedures) {
      const meta = proc._def.meta ?? {};
      if (meta.public) expect(PUBLIC, `${path} is public`).toContain(path);
      else expect(meta.role, `${path} has no role`).toBeDefined();
    }
  });

  it("without credentials every non-public procedure answers UNAUTHORIZED", async () => {
    for (const [path, proc] of procedures) {
      if (proc._def.meta?.public) continue;
      expect(await call(null, path, t.db), path).toBe("UNAUTHORIZED");
    }
  });

  for (const role of ["VIEWER", "TECHNICIAN", "ADMIN"] as const) {
    it(`a ${role.toLowerCase()} is refused exactly the procedures above their role`, async () => {
      for (const [path, proc] of procedures) {
        const needed = proc._def.meta?.role;
        if (!needed) continue;
        const code = await call(role, path, t.db);
        if (roleAllows(role, needed)) expect(code, `${role} → ${path}`).not.toMatch(/FORBIDDEN|UNAUTHORIZED/);
        else expect(code, `${role} → ${path}`).toBe("FORBIDDEN");
      }
    });
  }
});
