export { ZEmailAddress, ZFromAddress, bareAddress } from "./addresses.ts";
export { describeMailError, MailError } from "./mail-errors.ts";
export { readSetting, writeSetting } from "./setting-kv.ts";
export {
  ZSmtpInput,
  getSmtpSettings,
  loadSmtpConfig,
  setSmtpSettings,
  type TSmtpConfig,
  type TSmtpInput,
  type TSmtpView,
} from "./smtp-settings.ts";
export {
  closeMailTransports,
  sendMail,
  sendWith,
  type TMailAttachment,
  type TMailMessage,
  type TMailOptions,
  type TMailResult,
} from "./mailer.ts";
export {
  getImapSettings,
  loadImapConfig,
  setImapSettings,
  type TImapConfig,
  type TImapInput,
  type TImapView,
  ZImapInput,
} from "./imap-settings.ts";
export { HANDLED_KEYWORD, imapReason, openMailbox, type TMailbox, type TMailItem } from "./imap-mailbox.ts";
