import type { TDb } from "../db/index.ts";

export type TAuditActor = { type: "USER" | "TOKEN" | "SYSTEM"; id?: number | null; name: string };

/** Every change and every login leaves a row: who, what, on which node. */
export async function audit(
  db: TDb,
  { actor, action, target, detail, nodeName }: { actor: TAuditActor; action: string; target?: string; detail?: unknown; nodeName?: string },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorName: actor.name,
      action,
      target: target ?? null,
      detail: detail === undefined ? undefined : (JSON.parse(JSON.stringify(detail)) as object),
      nodeName: nodeName ?? null,
    },
  });
}

export async function listAudit(db: TDb, { limit, cursor }: { limit: number; cursor?: number }) {
  const rows = await db.auditLog.findMany({
    orderBy: { id: "desc" },
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const next = rows.length > limit ? rows.pop() : undefined;
  return { items: rows, nextCursor: next ? rows[rows.length - 1]?.id : undefined };
}
