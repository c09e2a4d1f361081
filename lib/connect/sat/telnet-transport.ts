import net from "node:net";
import { SatError } from "./sat-error.ts";
import { TelnetClientCodec } from "./telnet-codec.ts";
import type { TSatTransport } from "./transport.ts";

export const TELNET_DEFAULT_PORT = 5023;

/** Telnet to a SAT: a TCP socket with `TelnetClientCodec` in front. */
export function openTelnet(opts: {
  host: string;
  port?: number;
  timeoutMs: number;
  /** Named if the server asks (TERMINAL-TYPE); the SAT's own terminal type is answered in the login dialogue. */
  terminalType?: string;
  onNote?: (note: string) => void;
}): Promise<TSatTransport> {
  const port = opts.port ?? TELNET_DEFAULT_PORT;
  const label = `telnet ${opts.host}:${port}`;
  const codec = new TelnetClientCodec({ terminalType: opts.terminalType ?? "VT220" });
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: opts.host, port });
    // Text that arrives before anyone listens (a banner right after connect) waits for them.
    let early = "";
    let onData: (text: string) => void = (text) => {
      early = (early + text).slice(-65_536);
    };
    let onClose: (reason: string) => void = () => {};
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new SatError(
          "TIMEOUT",
          `timeout at step connect: no TCP connection to ${opts.host}:${port} within ${opts.timeoutMs / 1000} s`,
          "connect",
        ),
      );
    }, opts.timeoutMs);
    const gone = (reason: string) => {
      if (closed) return;
      closed = true;
      onClose(reason);
    };
    socket.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (!socket.remoteAddress || socket.connecting)
        reject(new SatError("UNREACHABLE", `cannot reach ${opts.host}:${port} by telnet: ${e.code ?? e.message}`, "connect", { cause: e }));
      gone(e.code ?? e.message);
    });
    socket.on("close", () => gone("closed by the system"));
    socket.on("data", (chunk: Buffer) => {
      const r = codec.receive(chunk);
      if (r.reply.length) socket.write(r.reply);
      for (const n of r.notes) opts.onNote?.(`telnet ${n}`);
      if (r.data.length) onData(r.data.toString("latin1"));
    });
    socket.setNoDelay(true);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve({
        label,
        enter: "\r\n",
        write: (text) => {
          if (!closed && socket.writable) socket.write(codec.encode(text));
        },
        onData: (h) => {
          onData = h;
          const first = early;
          early = "";
          if (first) h(first);
        },
        onClose: (h) => {
          onClose = h;
          if (closed) h("closed by the system");
        },
        close: () =>
          new Promise<void>((done) => {
            closed = true;
            if (socket.destroyed) return done();
            socket.once("close", () => done());
            socket.end();
            setTimeout(() => socket.destroy(), 1000).unref();
          }),
      });
    });
  });
}
