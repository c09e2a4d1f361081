import type { TDb } from "../../db/index.ts";
import { AppError } from "../../errors/index.ts";
import { hostKeyText, type THostKey, type THostKeyVerdict } from "./ssh-transport.ts";

/*
 * SSH host keys, trust on first use: the key a system shows at first contact is remembered;
 * a different key later is refused (and kept as `sshHostKeyNew`) until an admin accepts it,
 * because a changed key is what a man in the middle looks like, and the SAT password would be
 * the prize.
 */

/** Decides on the key a system's SSH server showed, remembering it at first contact. */
export async function checkHostKey(db: TDb, systemId: number, key: THostKey): Promise<THostKeyVerdict> {
  const shown = hostKeyText(key);
  const now = new Date();
  // First contact: remember it, unless another session remembered one in the meantime.
  const first = await db.system.updateMany({ where: { id: systemId, sshHostKey: null }, data: { sshHostKey: shown, sshHostKeyAt: now } });
  if (first.count === 1) return { ok: true };
  const s = await db.system.findUnique({ where: { id: systemId }, select: { sshHostKey: true } });
  if (!s) return { ok: false, reason: `system ${systemId} no longer exists` };
  if (s.sshHostKey === shown) return { ok: true };
  await db.system.update({ where: { id: systemId }, data: { sshHostKeyNew: shown, sshHostKeyNewAt: now } });
  return {
    ok: false,
    reason: `SSH host key changed: remembered ${s.sshHostKey}, the system now shows ${shown}; refused until an administrator accepts the new key on the system's page`,
  };
}

export type THostKeyState = { trusted: string | null; trustedAt: Date | null; offered: string | null; offeredAt: Date | null };

export async function hostKeyState(db: TDb, { systemId }: { systemId: number }): Promise<THostKeyState> {
  const s = await db.system.findUnique({
    where: { id: systemId },
    select: { sshHostKey: true, sshHostKeyAt: true, sshHostKeyNew: true, sshHostKeyNewAt: true },
  });
  if (!s) throw new AppError("NOT_FOUND", `no system ${systemId}`);
  return { trusted: s.sshHostKey, trustedAt: s.sshHostKeyAt, offered: s.sshHostKeyNew, offeredAt: s.sshHostKeyNewAt };
}

/**
 * An admin trusts the key the system offered since it changed. `fingerprint` (optional) must
 * match the offered key, so an admin never accepts a key other than the one they were shown.
 */
export async function acceptHostKey(
  db: TDb,
  { systemId, fingerprint }: { systemId: number; fingerprint?: string },
): Promise<THostKeyState> {
  const s = await hostKeyState(db, { systemId });
  if (!s.offered) throw new AppError("INVALID", "this system has offered no new SSH host key");
  if (fingerprint && !s.offered.endsWith(fingerprint))
    throw new AppError("CONFLICT", `the offered key is ${s.offered}, not ${fingerprint}: look again before accepting`);
  await db.system.update({
    where: { id: systemId },
    data: { sshHostKey: s.offered, sshHostKeyAt: new Date(), sshHostKeyNew: null, sshHostKeyNewAt: null },
  });
  return hostKeyState(db, { systemId });
}

/** Forgets the remembered key: the next connection trusts whatever key it meets (a reinstalled system). */
export async function forgetHostKey(db: TDb, { systemId }: { systemId: number }): Promise<THostKeyState> {
  await hostKeyState(db, { systemId });
  await db.system.update({
    where: { id: systemId },
    data: { sshHostKey: null, sshHostKeyAt: null, sshHostKeyNew: null, sshHostKeyNewAt: null },
  });
  return hostKeyState(db, { systemId });
}
