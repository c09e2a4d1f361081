export { loadSecretKey, encryptSecret, decryptSecret, isEncrypted } from "./secret-box.ts";
