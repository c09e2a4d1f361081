import { ImapFlow, type MessageStructureObject } from "imapflow";
import type { TImapConfig } from "./imap-settings.ts";

/** One message as the reply reader sees it: enough to tell a reply from a bounce or an auto-reply. */
export type TMailItem = {
  uid: number;
  subject: string;
  /** The sender's address, lower-case ("" when the message has none). */
  from: string;
  /** Lower-case header names → unfolded values, for the headers that mark automatic mail. */
  headers: Record<string, string>;
  /** Content-Type of the whole message, lower-case, without parameters. */
  contentType: string;
  /** The part to read the text from ("1" for a one-part message), null when there is no text part. */
  textPart: string | null;
};

export type TMailbox = {
  uidValidity: string;
  /** Messages with a UID above `afterUid`, oldest first, at most `max`. */
  list(afterUid: number, max: number): Promise<TMailItem[]>;
  /** The message's text part, decoded to UTF-8, at most `maxBytes`. Reading it does not mark it seen. */
  text(item: TMailItem, maxBytes?: number): Promise<string>;
  /** Marks a message Klaxon acted on: seen, and the keyword when the mailbox keeps keywords. */
  markHandled(uid: number): Promise<void>;
  close(): Promise<void>;
};

export const HANDLED_KEYWORD = "$KlaxonHandled";
const AUTO_HEADERS = ["auto-submitted", "precedence", "x-autoreply", "x-autorespond", "x-auto-response-suppress", "return-path"];

/** Opens the configured mailbox (read-write, to flag handled messages). Throws with the server's reason. */
export async function openMailbox(cfg: TImapConfig, { timeoutMs = 20_000 }: { timeoutMs?: number } = {}): Promise<TMailbox> {
  const client = new ImapFlow({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    doSTARTTLS: cfg.secure ? undefined : cfg.starttls === "REQUIRED" ? true : cfg.starttls === "NEVER" ? false : undefined,
    auth: { user: cfg.user, pass: cfg.password ?? "" },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 3,
    disableAutoIdle: true,
  });
  // A connection that breaks later is reported by the command that was running; the event
  // itself must not become an unhandled error that takes the worker down.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw new Error(`IMAP ${cfg.host}:${cfg.port}: ${imapReason(e)}`);
  }
  let mailbox: Awaited<ReturnType<ImapFlow["mailboxOpen"]>>;
  try {
    mailbox = await client.mailboxOpen(cfg.mailbox);
  } catch (e) {
    await client.logout().catch(() => client.close());
    throw new Error(`IMAP mailbox ${JSON.stringify(cfg.mailbox)}: ${imapReason(e)}`);
  }
  const keepsKeywords = mailbox.permanentFlags?.has("\\*") ?? false;
  return {
    uidValidity: String(mailbox.uidValidity),
    async list(afterUid, max) {
      if (!mailbox.exists) return [];
      // "N:*" always includes the highest UID, even one below N: filter again.
      const uids = ((await client.search({ uid: `${afterUid + 1}:*` }, { uid: true })) || []).filter((u) => u > afterUid);
      const wanted = uids.sort((a, b) => a - b).slice(0, max);
      if (wanted.length === 0) return [];
      const rows = await client.fetchAll(
        wanted.join(","),
        { uid: true, envelope: true, bodyStructure: true, headers: AUTO_HEADERS },
        { uid: true },
      );
      return rows
        .map((m) => ({
          uid: m.uid,
          subject: m.envelope?.subject ?? "",
          from: (m.envelope?.from?.[0]?.address ?? "").toLowerCase(),
          headers: parseHeaders(m.headers?.toString("utf8") ?? ""),
          contentType: (m.bodyStructure?.type ?? "").toLowerCase(),
          textPart: m.bodyStructure ? textPartOf(m.bodyStructure) : null,
        }))
        .sort((a, b) => a.uid - b.uid);
    },
    async text(item, maxBytes = 64 * 1024) {
      if (!item.textPart) return "";
      const d = await client.download(String(item.uid), item.textPart, { uid: true, maxBytes });
      if (!d.content) return "";
      const chunks: Buffer[] = [];
      for await (const c of d.content) chunks.push(Buffer.from(c as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    },
    async markHandled(uid) {
      await client.messageFlagsAdd(String(uid), keepsKeywords ? ["\\Seen", HANDLED_KEYWORD] : ["\\Seen"], { uid: true });
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
}

/** The first inline text/plain part, else the first text/html one (a one-part message's body is part "1"). */
function textPartOf(node: MessageStructureObject): string | null {
  const all: MessageStructureObject[] = [];
  const walk = (n: MessageStructureObject) => {
    if (n.childNodes?.length) n.childNodes.forEach(walk);
    else if (n.disposition?.toLowerCase() !== "attachment") all.push(n);
  };
  walk(node);
  const pick = all.find((n) => n.type.toLowerCase() === "text/plain") ?? all.find((n) => n.type.toLowerCase() === "text/html");
  if (!pick) return null;
  return pick.part ?? "1";
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** imapflow's errors carry the server's words in responseText; the message alone is often "Command failed". */
export function imapReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const x = e as Error & { responseText?: string; code?: string; authenticationFailed?: boolean };
  if (x.authenticationFailed) return `login refused${x.responseText ? `: ${x.responseText}` : ""}`;
  return [x.responseText || x.message, x.code && !x.message.includes(x.code) ? `(${x.code})` : ""].filter(Boolean).join(" ");
}
