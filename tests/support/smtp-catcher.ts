import net from "node:net";
import { SMTPServer } from "smtp-server";

export type TCaughtMail = {
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  /** The raw message with quoted-printable undone, for "does the mail say X" checks. */
  text: string;
  at: number;
};

export type TSmtpCatcher = {
  port: number;
  mails: TCaughtMail[];
  /** "accept" (default), "refuse": every recipient answered 550, "fail-next": the next N messages get 451. */
  mode: { refuse: boolean; failNext: number };
  close(): Promise<void>;
};

function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

const unQp = (s: string) =>
  s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

/** A real SMTP server (smtp-server, no auth, no TLS) on a free loopback port that keeps every mail. */
export async function startSmtpCatcher(): Promise<TSmtpCatcher> {
  const mails: TCaughtMail[] = [];
  const mode = { refuse: false, failNext: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (mode.refuse) return cb(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (mode.failNext > 0) {
          mode.failNext -= 1;
          return cb(Object.assign(new Error("4.3.0 try again later"), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers: parseHeaders(raw),
          text: unQp(raw),
          at: Date.now(),
        });
        cb();
      });
    },
  });
  // A client killed mid-session (a node's SIGKILL) resets its socket: not the catcher's problem.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, mails, mode, close: () => new Promise((r) => server.close(() => r())) };
}

/** A TCP server that accepts connections and never says a word: an SMTP server that hangs. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
