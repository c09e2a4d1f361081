import { createHash } from "node:crypto";
import { Client, type ClientChannel } from "ssh2";
import { SatError } from "./sat-error.ts";
import type { TSatTransport } from "./transport.ts";

export const SSH_DEFAULT_PORT = 5022;

export type THostKey = { algorithm: string; fingerprint: string };

/** What the caller decided about the server's host key: go on, or refuse with a reason. */
export type THostKeyVerdict = { ok: true } | { ok: false; reason: string };

/** `ssh-ed25519 SHA256:…`, as OpenSSH prints it. */
export function describeHostKey(key: Buffer): THostKey {
  const len = key.length >= 4 ? key.readUInt32BE(0) : 0;
  const algorithm = len > 0 && len < 64 && key.length >= 4 + len ? key.subarray(4, 4 + len).toString("latin1") : "unknown";
  const fingerprint = `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
  return { algorithm, fingerprint };
}

export const hostKeyText = (k: THostKey) => `${k.algorithm} ${k.fingerprint}`;

/**
 * SSH to a SAT: password (or keyboard-interactive answered with the password) authentication,
 * then a shell on a pty where the login dialogue goes on (the SAT may ask Login:/Password:
 * again, or go straight to the terminal type). The host key is checked by `verifyHostKey`
 * before any secret is sent.
 */
export function openSsh(opts: {
  host: string;
  port?: number;
  user: string;
  password: string;
  timeoutMs: number;
  verifyHostKey: (key: THostKey) => Promise<THostKeyVerdict>;
  onNote?: (note: string) => void;
}): Promise<TSatTransport> {
  const port = opts.port ?? SSH_DEFAULT_PORT;
  const label = `ssh ${opts.user}@${opts.host}:${port}`;
  const client = new Client();
  let refusal: SatError | null = null;
  return new Promise<TSatTransport>((resolve, reject) => {
    let settled = false;
    const fail = (e: SatError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(e);
    };
    client.on("error", (e: Error & { level?: string; code?: string }) => {
      if (refusal) return fail(refusal);
      if (e.level === "client-authentication")
        return fail(new SatError("LOGIN_REFUSED", `SSH login refused for ${opts.user} (wrong password?)`, "connect", { cause: e }));
      if (e.level === "client-timeout" || /timed out/i.test(e.message))
        return fail(
          new SatError(
            "TIMEOUT",
            `timeout at step connect: no SSH session with ${opts.host}:${port} within ${opts.timeoutMs / 1000} s`,
            "connect",
          ),
        );
      fail(new SatError("UNREACHABLE", `cannot reach ${opts.host}:${port} by SSH: ${e.code ?? e.message}`, "connect", { cause: e }));
    });
    client.on("keyboard-interactive", (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => opts.password));
    });
    client.on("close", () => {
      if (refusal) fail(refusal);
      else fail(new SatError("UNREACHABLE", `${opts.host}:${port} closed the SSH connection during the handshake`, "connect"));
    });
    client.on("ready", () => {
      // A command is a few bytes answered at once: Nagle would hold each one back for an ACK.
      client.setNoDelay(true);
      const opened = (err: Error | undefined, stream: ClientChannel) => {
        if (err) return fail(new SatError("PROTOCOL", `the SSH server refused a shell: ${err.message}`, "connect", { cause: err }));
        settled = true;
        resolve(shellTransport(label, client, stream));
      };
      // A server that refuses a pseudo-terminal (some SSH front ends do) still gets asked for a
      // plain shell: OSSI needs no terminal, only the byte stream.
      client.shell({ term: "vt100", cols: 80, rows: 24 }, (err, stream) => {
        if (err && /pseudo-terminal/i.test(err.message)) {
          opts.onNote?.("ssh: the server refused a pseudo-terminal; using a shell without one");
          client.shell(false, opened);
        } else opened(err, stream);
      });
    });
    client.connect({
      host: opts.host,
      port,
      username: opts.user,
      password: opts.password,
      tryKeyboard: true,
      readyTimeout: opts.timeoutMs,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        const k = describeHostKey(key);
        opts.onNote?.(`ssh host key ${hostKeyText(k)}`);
        opts.verifyHostKey(k).then(
          (v) => {
            if (!v.ok) refusal = new SatError("HOST_KEY_CHANGED", v.reason, "connect");
            verify(v.ok);
          },
          (e: Error) => {
            refusal = new SatError("UNREACHABLE", `could not check the host key: ${e.message}`, "connect", { cause: e });
            verify(false);
          },
        );
      },
    });
  });
}

function shellTransport(label: string, client: Client, stream: ClientChannel): TSatTransport {
  let early = "";
  let onData: (text: string) => void = (text) => {
    early = (early + text).slice(-65_536);
  };
  let onClose: ((reason: string) => void) | null = null;
  let closed: string | null = null;
  let clientClosed = false;
  const gone = (reason: string) => {
    if (closed !== null) return;
    closed = reason;
    onClose?.(reason);
  };
  stream.on("data", (d: Buffer) => onData(d.toString("latin1")));
  stream.stderr.on("data", (d: Buffer) => onData(d.toString("latin1")));
  stream.on("close", () => gone("closed by the system"));
  client.on("close", () => {
    clientClosed = true;
    gone("SSH connection closed");
  });
  return {
    label,
    enter: "\r",
    write: (text) => {
      if (closed === null) stream.write(Buffer.from(text, "latin1"));
    },
    onData: (h) => {
      onData = h;
      const first = early;
      early = "";
      if (first) h(first);
    },
    onClose: (h) => {
      onClose = h;
      if (closed !== null) h(closed);
    },
    close: () =>
      new Promise<void>((done) => {
        closed ??= "closed by us";
        if (clientClosed) return done();
        client.once("close", () => done());
        stream.end();
        client.end();
        setTimeout(done, 1000).unref();
      }),
  };
}
