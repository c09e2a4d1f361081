import { z } from "zod";
import type { TDb } from "../db/index.ts";
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
  id: z.number().int(),
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

export async function updateUser(db: TDb, input: z.infer<typeof ZUserUpdate>) {
  const { id, password, ...rest } = input;
  const data = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  const user = await db.user.update({ where: { id }, data, select: PUBLIC_FIELDS });
  if (password || rest.disabled) await db.session.deleteMany({ where: { userId: id } });
  return user;
}

export const listUsers = (db: TDb) => db.user.findMany({ orderBy: { id: "asc" }, select: PUBLIC_FIELDS });

export const countUsers = (db: TDb) => db.user.count();
