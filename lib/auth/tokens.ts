import { createHash, randomBytes } from "node:crypto";

/** Session ids and API tokens are stored only as SHA-256 hashes: a database leak yields no credential. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const newSecret = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;
