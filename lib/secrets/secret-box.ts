import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const PREFIX = "enc:v1:";

/**
 * The key that encrypts secrets at rest (SAT passwords, SNMPv3 keys, SMTP password):
 * KLAXON_SECRET_KEY when set (every node of a cluster must share it), else a key generated
 * once into the data directory.
 */
export function loadSecretKey({ secretKey, dataDir }: { secretKey?: string; dataDir: string }): Buffer {
  // The file's text and KLAXON_SECRET_KEY derive the key the same way, so a second node started
  // with KLAXON_SECRET_KEY="$(cat .data/secret.key)" reads what the first one wrote.
  return createHash("sha256")
    .update(secretKey ?? readOrCreateKeyFile(dataDir))
    .digest();
}

function readOrCreateKeyFile(dataDir: string): string {
  const file = path.join(dataDir, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** AES-256-GCM; the output names its version so keys and ciphers can change later. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function decryptSecret(key: Buffer, stored: string): string {
  if (!stored.startsWith(PREFIX)) throw new Error("not an encrypted secret");
  const buf = Buffer.from(stored.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
}

export function isEncrypted(value: string | null | undefined): boolean {
  return !!value && value.startsWith(PREFIX);
}
