import { createHmac, timingSafeEqual } from "node:crypto";

// Derived keys, so a leaked link signature says nothing about the key that encrypts secrets.
const derive = (key: Buffer, purpose: string) => createHmac("sha256", key).update(`klaxon:${purpose}`).digest();
const sign = (key: Buffer, purpose: string, text: string) => createHmac("sha256", derive(key, purpose)).update(text).digest();

const equal = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** `<notificationId>.<expires unix s>.<signature>`: the acknowledge link's token, URL-safe. */
export function signAckLink(key: Buffer, notificationId: number, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const sig = sign(key, "ack-link", `${notificationId}.${exp}`).subarray(0, 18).toString("base64url");
  return `${notificationId}.${exp}.${sig}`;
}

export type TAckLinkCheck = { ok: true; notificationId: number } | { ok: false; reason: "malformed" | "bad signature" | "expired" };

export function verifyAckLink(key: Buffer, token: string, now = new Date()): TAckLinkCheck {
  const m = /^(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{24})$/.exec(token.trim());
  if (!m) return { ok: false, reason: "malformed" };
  const [, id, exp, sig] = m as unknown as [string, string, string, string];
  const expected = sign(key, "ack-link", `${id}.${exp}`).subarray(0, 18);
  if (!equal(Buffer.from(sig, "base64url"), expected)) return { ok: false, reason: "bad signature" };
  if (Number(exp) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, notificationId: Number(id) };
}

/** `KX-<notificationId>-<10 hex>`: carried in the subject, so a reply names the alarm and the contact. */
export function replyToken(key: Buffer, notificationId: number): string {
  return `KX-${notificationId}-${sign(key, "reply", String(notificationId)).subarray(0, 5).toString("hex")}`;
}

/** The notification ids of every valid reply token in `text` (forged or mangled ones are ignored). */
export function findReplyTokens(key: Buffer, text: string): number[] {
  const ids = new Set<number>();
  for (const m of text.matchAll(/KX-(\d{1,10})-([0-9a-f]{10})/gi)) {
    const id = Number(m[1]);
    if (replyToken(key, id).toLowerCase() === m[0].toLowerCase()) ids.add(id);
  }
  return [...ids];
}
