import { acknowledgeAlarms } from "../alarms/index.ts";
import { audit } from "../audit/index.ts";
import type { TDb } from "../db/index.ts";
import { verifyAckLink } from "./ack-token.ts";

export type TAckLinkState = "ready" | "used" | "answered" | "expired" | "invalid";

async function lookup(db: TDb, notificationId: number) {
  return db.notification.findUnique({
    where: { id: notificationId },
    select: {
      id: true,
      ackUsedAt: true,
      contact: { select: { id: true, name: true } },
      alarm: {
        select: {
          id: true,
          status: true,
          severity: true,
          maintObject: true,
          port: true,
          description: true,
          firstSeenAt: true,
          acknowledgedBy: true,
          system: { select: { name: true, customer: { select: { name: true } } } },
          productId: true,
        },
      },
    },
  });
}

/** What the acknowledge page shows for a link. Reading it changes nothing (mail scanners follow links). */
export async function ackLinkView(db: TDb, key: Buffer, token: string) {
  const check = verifyAckLink(key, token);
  if (!check.ok) return { state: (check.reason === "expired" ? "expired" : "invalid") as TAckLinkState, alarm: null, contact: null };
  const n = await lookup(db, check.notificationId);
  if (!n) return { state: "invalid" as TAckLinkState, alarm: null, contact: null };
  const state: TAckLinkState = n.ackUsedAt ? "used" : n.alarm.status !== "ACTIVE" ? "answered" : "ready";
  return { state, alarm: n.alarm, contact: n.contact.name };
}

/**
 * The one button on the acknowledge page: acknowledges the alarm as the contact the mail went to.
 * Single use: the first confirmation marks the link, a second one changes nothing.
 */
export async function confirmAckLink(db: TDb, key: Buffer, { token, nodeName }: { token: string; nodeName: string }) {
  const check = verifyAckLink(key, token);
  if (!check.ok) return { state: (check.reason === "expired" ? "expired" : "invalid") as TAckLinkState };
  const n = await lookup(db, check.notificationId);
  if (!n) return { state: "invalid" as TAckLinkState };
  // One transaction: a link marked used has acknowledged, audited, or nothing happened at all.
  const changed = await db.$transaction(async (txc) => {
    const tx = txc as TDb;
    const claimed = await tx.notification.updateMany({ where: { id: n.id, ackUsedAt: null }, data: { ackUsedAt: new Date() } });
    if (claimed.count === 0) return null;
    const actor = { name: `${n.contact.name} (email link)`, nodeName };
    const r = await acknowledgeAlarms(tx, {
      ids: [n.alarm.id],
      comment: `by ${n.contact.name} with the link in the alarm email`,
      actor,
    });
    await audit(tx, {
      actor: { type: "SYSTEM", name: actor.name },
      action: "alarm.acknowledge.link",
      target: `alarm ${n.alarm.id}`,
      detail: { notificationId: n.id, contactId: n.contact.id, changed: r.changed.length > 0 },
      nodeName,
    });
    return r.changed;
  });
  if (changed === null) return { state: "used" as TAckLinkState };
  return { state: (changed.length ? "ready" : "answered") as TAckLinkState, acknowledged: changed.length > 0 };
}
