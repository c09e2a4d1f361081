import { z } from "zod";
import { type TDb, ZId } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { hashPassword } from "./password.ts";
import { ZRole } from "./roles.ts";

export const ZUserCreate = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8).max(200),
  role: ZRole,
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z.object({
  id: ZId,
  name: z.string().trim().min(1).max(100).optional(),
  role: ZRole.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(8).max(200).optional(),
});

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, lastLoginAt: true } as const;

export async function createUser(db: TDb, raw: TUserCreate) {
  const input = ZUserCreate.parse(raw);
  const exists = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", `a user ${input.email} already exists`);
  return db.user.create({
    data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    select: PUBLIC_FIELDS,
  });
}

/**
 * A change that leaves no enabled admin (the last one demoting or disabling herself, or two
 * admins demoting each other at once) is refused: nobody could manage users any more. The
 * enabled admins' rows are locked first, so concurrent changes are checked one after the other.
 */
export async function updateUser(db: TDb, input: z.infer<typeof ZUserUpdate>) {
  const { id, password, ...rest } = input;
  const data = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "User" WHERE role = 'ADMIN' AND disabled = false ORDER BY id FOR UPDATE`;
    const found = await tx.user.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new AppError("NOT_FOUND", `no user ${id}`);
    const user = await tx.user.update({ where: { id }, data, select: PUBLIC_FIELDS });
    const admins = await tx.user.count({ where: { role: "ADMIN", disabled: false } });
    if (admins === 0) throw new AppError("CONFLICT", "this is the last enabled admin: make another user an admin first");
    if (password || rest.disabled) await tx.session.deleteMany({ where: { userId: id } });
    return user;
  });
}

export const listUsers = (db: TDb) => db.user.findMany({ orderBy: { id: "asc" }, select: PUBLIC_FIELDS });

export const countUsers = (db: TDb) => db.user.count();
