import { findReplyTokens } from "./ack-token.ts";

export type TReplyMail = { subject: string; from: string; headers: Record<string, string>; contentType: string; text: string };
export type TReplyVerdict = { kind: "reply"; notificationIds: number[] } | { kind: "ignore"; reason: string };

// Out-of-office answers and bounces quote the alarm mail, token and all: they must never
// acknowledge an alarm (RFC 3834 Auto-Submitted, the older X-Autoreply/Precedence habits,
// delivery status reports, the null sender).
const AUTO_SUBJECT = /^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|r[ée]ponse automatique|autosvar)\b/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;

function automatic(m: TReplyMail): string | null {
  const h = m.headers;
  const auto = h["auto-submitted"]?.toLowerCase();
  if (auto && auto !== "no") return `automatic mail (Auto-Submitted: ${auto})`;
  if (h["x-autoreply"] || h["x-autorespond"]) return "automatic reply (X-Autoreply)";
  const precedence = h.precedence?.toLowerCase();
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) return `automatic mail (Precedence: ${precedence})`;
  if (m.contentType === "multipart/report") return "a delivery report (bounce)";
  if (BOUNCE_SENDER.test(m.from) || h["return-path"]?.replace(/\s/g, "") === "<>") return "a bounce (null sender or mailer-daemon)";
  if (AUTO_SUBJECT.test(m.subject)) return "an automatic reply (subject)";
  return null;
}

/** Whether a message in the reply mailbox is someone's reply to alarm email, and to which notifications. */
export function classifyReply(key: Buffer, m: TReplyMail): TReplyVerdict {
  const auto = automatic(m);
  if (auto) return { kind: "ignore", reason: auto };
  const ids = findReplyTokens(key, `${m.subject}\n${m.text}`);
  if (ids.length === 0) return { kind: "ignore", reason: "no Klaxon reply token" };
  return { kind: "reply", notificationIds: ids };
}

/** Whether the message may carry a token at all: the text is downloaded only for these. */
export function worthReading(m: Omit<TReplyMail, "text">): boolean {
  return automatic({ ...m, text: "" }) === null;
}
