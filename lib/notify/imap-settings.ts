import { z } from "zod";
import type { TDb } from "../db/index.ts";
import { AppError } from "../errors/index.ts";
import { decryptSecret, encryptSecret } from "../secrets/index.ts";
import { readSetting, writeSetting } from "./setting-kv.ts";

const KEY = "imap";

/**
 * The mailbox replies to alarm email arrive in (the SMTP "from" address's mailbox, usually).
 * `secure` is TLS from the first byte (port 993); without it `starttls` says whether STARTTLS
 * is REQUIRED, used when OFFERED (default) or NEVER tried.
 */
export const ZImapInput = z.object({
  enabled: z.boolean().default(true),
  host: z.string().trim().min(1, "host is required").max(253),
  port: z.number().int().min(1, "port: 1-65535").max(65535, "port: 1-65535"),
  secure: z.boolean(),
  starttls: z.enum(["REQUIRED", "OFFERED", "NEVER"]).optional(),
  user: z.string().trim().min(1, "user is required").max(200),
  /** Omitted: keep the stored password. Empty string: remove it. */
  password: z.string().max(500).optional(),
  mailbox: z.string().trim().min(1).max(200).default("INBOX"),
  /** How often the primary looks for replies. */
  pollSec: z.number().int().min(5, "check every 5 s at the most often").max(3600, "check at least once an hour").default(60),
});
export type TImapInput = z.input<typeof ZImapInput>;

const ZStored = ZImapInput.omit({ password: true }).extend({
  starttls: z.enum(["REQUIRED", "OFFERED", "NEVER"]).default("OFFERED"),
  passwordEnc: z.string().nullable().default(null),
});
type TStored = z.infer<typeof ZStored>;

/** What clients see: never the password, only whether one is kept. */
export type TImapView = Omit<TStored, "passwordEnc"> & { hasPassword: boolean };
/** What the poller uses. */
export type TImapConfig = Omit<TStored, "passwordEnc"> & { password: string | null };

async function readStored(db: TDb): Promise<TStored | null> {
  const parsed = ZStored.safeParse(await readSetting(db, KEY));
  return parsed.success ? parsed.data : null;
}

export async function getImapSettings(db: TDb): Promise<TImapView | null> {
  const s = await readStored(db);
  if (!s) return null;
  const { passwordEnc, ...rest } = s;
  return { ...rest, hasPassword: !!passwordEnc };
}

export async function setImapSettings(db: TDb, key: Buffer, input: TImapInput): Promise<TImapView> {
  const { password, ...rest } = ZImapInput.parse(input);
  let passwordEnc = (await readStored(db))?.passwordEnc ?? null;
  if (password !== undefined) passwordEnc = password === "" ? null : encryptSecret(key, password);
  const stored: TStored = { ...rest, starttls: rest.starttls ?? "OFFERED", passwordEnc };
  await writeSetting(db, KEY, JSON.parse(JSON.stringify(stored)) as object);
  return (await getImapSettings(db)) as TImapView;
}

/** The settings with the password decrypted; null when replies are not set up or switched off. */
export async function loadImapConfig(db: TDb, key: Buffer): Promise<TImapConfig | null> {
  const s = await readStored(db);
  if (!s?.enabled) return null;
  const { passwordEnc, ...rest } = s;
  let password: string | null = null;
  if (passwordEnc) {
    try {
      password = decryptSecret(key, passwordEnc);
    } catch {
      throw new AppError("UNAVAILABLE", "the stored IMAP password cannot be decrypted: is KLAXON_SECRET_KEY the same on every node?");
    }
  }
  return { ...rest, password };
}
