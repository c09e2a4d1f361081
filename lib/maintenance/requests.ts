import { currentPrimary } from "../cluster/index.ts";
import type { Prisma, TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { ROUTINE_LABEL, ROUTINE_ROLE } from "./labels.ts";
import type { TMaintenanceKind } from "./settings.ts";

/** A request the primary has not picked up in this long is dropped, rather than surprise someone much later. */
export const REQUEST_MAX_AGE_MS = 10 * 60_000;

async function livePrimaryRoles(db: TDb) {
  const lease = await currentPrimary(db);
  if (!lease?.holderName) return null;
  const node = await db.clusterNode.findUnique({ where: { name: lease.holderName }, select: { name: true, roles: true } });
  return node ? { name: node.name, roles: node.roles } : null;
}

/**
 * "Run now" from any node: checks that a primary is there to do it and allowed to, records a
 * request the primary picks up on its next maintenance tick, and waits until its run has started.
 * Returns the run's id.
 */
export async function requestRunNow(
  db: TDb,
  {
    kind,
    payload,
    requestedBy,
    waitMs = 30_000,
  }: { kind: TMaintenanceKind; payload?: Prisma.InputJsonValue; requestedBy: string; waitMs?: number },
): Promise<{ id: number }> {
  const primary = await livePrimaryRoles(db);
  if (!primary)
    throw new AppError(
      "UNAVAILABLE",
      "no node holds the primary lease right now, and only the primary runs maintenance: try again shortly",
    );
  if (primary.roles && !primary.roles[ROUTINE_ROLE[kind]])
    throw new AppError(
      "CONFLICT",
      `the primary (${primary.name}) has "${ROUTINE_LABEL[kind]}" switched off in its server roles (Cluster page)`,
    );
  const running = await db.maintenanceRun.findFirst({ where: { kind, status: "RUNNING" }, select: { id: true, nodeName: true } });
  if (running) throw new AppError("CONFLICT", `${ROUTINE_LABEL[kind]} is already running (run ${running.id} on ${running.nodeName})`);

  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO "MaintenanceRequest" (kind, payload, "requestedBy", "requestedAt")
     VALUES ($1::"MaintenanceKind", $2::jsonb, $3, (now() AT TIME ZONE 'UTC')) RETURNING id`,
    kind,
    payload === undefined ? null : JSON.stringify(payload),
    requestedBy,
  );
  const requestId = rows[0]?.id;
  if (requestId == null) throw new Error("request insert returned no id");
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const run = await db.maintenanceRun.findUnique({ where: { requestId }, select: { id: true } });
    if (run) return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new AppError(
    "UNAVAILABLE",
    `the primary (${primary.name}) has not started it within ${Math.round(waitMs / 1000)} s; it will when it can`,
  );
}

/** The oldest request for `kind` that has no run yet and is not too old. */
export async function nextRequest(db: TDb, kind: TMaintenanceKind): Promise<{ id: number; payload: unknown } | null> {
  const rows = await db.$queryRawUnsafe<{ id: number; payload: unknown }[]>(
    `SELECT q.id, q.payload FROM "MaintenanceRequest" q
     WHERE q.kind = $1::"MaintenanceKind" AND q."requestedAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => $2::float8 / 1000)
       AND NOT EXISTS (SELECT 1 FROM "MaintenanceRun" r WHERE r."requestId" = q.id)
     ORDER BY q.id LIMIT 1`,
    kind,
    REQUEST_MAX_AGE_MS,
  );
  return rows[0] ?? null;
}

/** Waits for a run to end (send now waits for the mail). Null on timeout. */
export async function awaitRunEnd(db: TDb, id: number, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const run = await db.maintenanceRun.findUnique({ where: { id }, select: { id: true, status: true, detail: true, result: true } });
    if (run && run.status !== "RUNNING") return run;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}
