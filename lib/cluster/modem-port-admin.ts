import path from "node:path";
import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { recordClusterEvent } from "./cluster-events.ts";
import type { TActor } from "./node-admin.ts";

/**
 * A serial device under /dev (or a Windows COMn). Normalised first, so `/dev/../tmp/x` is seen
 * for what it is: a path outside /dev, which the worker would otherwise open and write AT commands to.
 */
export const ZDevicePath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((v) => (/^COM\d+$/i.test(v) ? v.toUpperCase() : path.posix.normalize(v)))
  .refine((v) => /^COM\d+$/.test(v) || /^\/dev\/[\w.+-]+(\/[\w.+-]+)*$/.test(v), "a device path under /dev, such as /dev/ttyUSB0");

export const ZModemPortInput = z.object({
  device: ZDevicePath,
  purpose: z.enum(["ANSWER", "DIALOUT", "BOTH"]),
  baudRate: z.number().int().min(300).max(921600).optional(),
  enabled: z.boolean().optional(),
});
export type TModemPortInput = z.infer<typeof ZModemPortInput>;

export async function addModemPort(db: TDb, { nodeName, port, actor }: { nodeName: string; port: TModemPortInput; actor: TActor }) {
  const node = await db.clusterNode.findUnique({ where: { name: nodeName } });
  if (!node) throw new AppError("NOT_FOUND", `no cluster node named ${nodeName}`);
  const exists = await db.modemPort.findUnique({ where: { nodeId_device: { nodeId: node.id, device: port.device } } });
  if (exists) throw new AppError("CONFLICT", `${nodeName} already has ${port.device}`);
  const row = await db.modemPort.create({ data: { nodeId: node.id, ...port } });
  await recordClusterEvent(db, {
    kind: "modem.ports",
    nodeName,
    actor,
    message: `${actor.name} added ${port.device} (${port.purpose}) on ${nodeName}`,
  });
  return row;
}

export async function updateModemPort(db: TDb, { id, patch, actor }: { id: number; patch: Partial<TModemPortInput>; actor: TActor }) {
  const row = await db.modemPort.update({ where: { id }, data: patch, include: { node: { select: { name: true } } } });
  await recordClusterEvent(db, {
    kind: "modem.ports",
    nodeName: row.node.name,
    actor,
    message: `${actor.name} changed ${row.device} on ${row.node.name}`,
    detail: patch,
  });
  return row;
}

export async function removeModemPort(db: TDb, { id, actor }: { id: number; actor: TActor }) {
  const row = await db.modemPort.delete({ where: { id }, include: { node: { select: { name: true } } } });
  await recordClusterEvent(db, {
    kind: "modem.ports",
    nodeName: row.node.name,
    actor,
    message: `${actor.name} removed ${row.device} from ${row.node.name}`,
  });
}
