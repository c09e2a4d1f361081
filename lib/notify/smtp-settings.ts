import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { decryptSecret, encryptSecret } from "../secrets/index.ts";
import { ZFromAddress } from "./addresses.ts";
import { readSetting, writeSetting } from "./setting-kv.ts";

const KEY = "smtp";

/**
 * `secure` is TLS from the first byte (port 465). Without it, `starttls` says whether STARTTLS is
 * REQUIRED, used when the server OFFERS it (default), or NEVER tried (a plain relay).
 */
export const ZSmtpInput = z.object({
  host: z.string().trim().min(1, "host is required").max(253),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  starttls: z.enum(["REQUIRED", "OFFERED", "NEVER"]).optional(),
  user: z.string().max(200).optional(),
  /** Omitted: keep the stored password. Empty string: remove it. */
  password: z.string().max(500).optional(),
  from: ZFromAddress,
});
export type TSmtpInput = z.infer<typeof ZSmtpInput>;

const ZStored = ZSmtpInput.omit({ password: true }).extend({
  starttls: z.enum(["REQUIRED", "OFFERED", "NEVER"]).default("OFFERED"),
  passwordEnc: z.string().nullable().default(null),
});
type TStored = z.infer<typeof ZStored>;

/** What clients see: never the password, only whether one is kept. */
export type TSmtpView = Omit<TStored, "passwordEnc"> & { hasPassword: boolean };
/** What the mailer uses. */
export type TSmtpConfig = Omit<TStored, "passwordEnc"> & { password: string | null };

async function readStored(db: TDb): Promise<TStored | null> {
  const raw = await readSetting(db, KEY);
  if (!raw) return null;
  const parsed = ZStored.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function getSmtpSettings(db: TDb): Promise<TSmtpView | null> {
  const s = await readStored(db);
  if (!s) return null;
  const { passwordEnc, ...rest } = s;
  return { ...rest, hasPassword: !!passwordEnc };
}

export async function setSmtpSettings(db: TDb, key: Buffer, input: TSmtpInput): Promise<TSmtpView> {
  const prev = await readStored(db);
  const { password, ...rest } = input;
  let passwordEnc = prev?.passwordEnc ?? null;
  if (password !== undefined) passwordEnc = password === "" ? null : encryptSecret(key, password);
  const stored: TStored = { ...rest, user: rest.user?.trim() || undefined, starttls: rest.starttls ?? "OFFERED", passwordEnc };
  await writeSetting(db, KEY, JSON.parse(JSON.stringify(stored)) as object);
  return (await getSmtpSettings(db)) as TSmtpView;
}

/** The settings with the password decrypted, for sending; UNAVAILABLE when SMTP is not set up. */
export async function loadSmtpConfig(db: TDb, key: Buffer): Promise<TSmtpConfig> {
  const s = await readStored(db);
  if (!s) throw new AppError("UNAVAILABLE", "SMTP is not configured (Settings → Email)");
  const { passwordEnc, ...rest } = s;
  let password: string | null = null;
  if (passwordEnc) {
    try {
      password = decryptSecret(key, passwordEnc);
    } catch {
      throw new AppError("UNAVAILABLE", "the stored SMTP password cannot be decrypted: is KLAXON_SECRET_KEY the same on every node?");
    }
  }
  return { ...rest, password };
}
