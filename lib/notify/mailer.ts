import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { TDb } from "../db/index.ts";
import { bareAddress } from "./addresses.ts";
import { describeMailError, MailError } from "./mail-errors.ts";
import { loadSmtpConfig, type TSmtpConfig } from "./smtp-settings.ts";

export type TMailAttachment = { filename: string; content: Buffer | string; contentType?: string };

export type TMailMessage = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: TMailAttachment[];
  /** `<id@domain>`; the same value on a resend lets mail clients fold a duplicate. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
};

export type TMailResult = { messageId: string; accepted: string[]; rejected: string[]; response: string };

export type TMailOptions = {
  /** Connect, greeting and socket timeout: a server that hangs fails the send after this long. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 15_000;

// One pooled connection per distinct configuration: the dispatcher sends one message after
// another over it instead of paying a TCP + TLS + AUTH handshake per alarm.
const transports = new Map<string, Transporter>();

function transportFor(cfg: TSmtpConfig, timeoutMs: number): Transporter {
  const id = createHash("sha256").update(JSON.stringify({ cfg, timeoutMs })).digest("hex");
  const cached = transports.get(id);
  if (cached) return cached;
  for (const [k, t] of transports) {
    t.close();
    transports.delete(k);
  }
  const t = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    maxMessages: 1000,
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    requireTLS: !cfg.secure && cfg.starttls === "REQUIRED",
    ignoreTLS: !cfg.secure && cfg.starttls === "NEVER",
    auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Self-signed certificates are common on internal relays; the operator chose this server.
    tls: { rejectUnauthorized: false },
  });
  transports.set(id, t);
  return t;
}

/**
 * Sends one email with the SMTP settings kept in the database (Settings → Email). Throws when
 * SMTP is not configured, the server refuses the message or every recipient, or it does not
 * answer within the timeout; the error's message says which.
 */
export async function sendMail(db: TDb, key: Buffer, message: TMailMessage, opts: TMailOptions = {}): Promise<TMailResult> {
  const cfg = await loadSmtpConfig(db, key);
  return sendWith(cfg, message, opts);
}

/** As sendMail, with settings the caller already loaded (the dispatcher loads them once per batch). */
export async function sendWith(cfg: TSmtpConfig, message: TMailMessage, opts: TMailOptions = {}): Promise<TMailResult> {
  const transport = transportFor(cfg, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const info = await transport
    .sendMail({
      from: cfg.from,
      envelope: { from: bareAddress(cfg.from), to: message.to },
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
      messageId: message.messageId,
      inReplyTo: message.inReplyTo,
      references: message.references,
      headers: message.headers,
    })
    .catch((e: unknown) => {
      throw new MailError(describeMailError(e), e);
    });
  return {
    messageId: info.messageId,
    accepted: (info.accepted ?? []).map(String),
    rejected: (info.rejected ?? []).map(String),
    response: info.response ?? "",
  };
}

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
