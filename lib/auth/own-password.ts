import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { sha256 } from "./tokens.ts";

export const ZPasswordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(8, "at least 8 characters").max(200),
});

/**
 * Any user may change their own password, proving the current one (a borrowed open session is
 * not enough). Their other sessions end; the one they are using stays.
 */
export async function changeOwnPassword(
  db: TDb,
  { userId, sessionToken, input }: { userId: number; sessionToken: string | null; input: z.infer<typeof ZPasswordChange> },
): Promise<{ email: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "no such user");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError("INVALID", "the current password is wrong");
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId, ...(sessionToken ? { id: { not: sha256(sessionToken) } } : {}) } }),
  ]);
  return { email: user.email };
}
