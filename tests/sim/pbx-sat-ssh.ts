import type { AddressInfo } from "node:net";
import ssh2, { type AuthenticationType, type Connection, type ServerChannel } from "ssh2";
import type { PbxSat, SatTerminal } from "./pbx-sat.ts";

const { Server, utils } = ssh2;

export type TSatSshOptions = {
  port?: number;
  host?: string;
  /** Which authentication methods the server offers (a CM offers password; some keyboard-interactive). */
  auth?: "password" | "keyboard-interactive" | "both";
  /** In the shell: ask Login:/Password: again (some installs), or go straight to the terminal type. */
  shellLogin?: "prompt" | "direct";
  /** Refuse the pseudo-terminal request (the shell itself is still granted). */
  refusePty?: boolean;
};

export type TSatSshServer = {
  port: number;
  /** The host key's public half (OpenSSH format) as clients see it now. */
  publicKey(): string;
  /** A new host key on the same port (a reinstalled system, or a man in the middle). */
  changeHostKey(): Promise<void>;
  /** Password attempts that reached the server (user, accepted): none after a refused host key. */
  readonly authAttempts: { user: string; method: string; ok: boolean }[];
  close(): Promise<void>;
};

// ssh2 now and then generates an ed25519 key its own parser calls malformed (about 1 in 50 here): draw again.
const newKey = () => {
  for (;;) {
    const k = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(k.private) instanceof Error)) return k;
  }
};

/** The PBX's SAT over SSH (ssh2 Server, generated ed25519 host key), like port 5022 on a media server. */
export async function startSatSsh(pbx: PbxSat, opts: TSatSshOptions = {}): Promise<TSatSshServer> {
  const auth = opts.auth ?? "password";
  const offered: AuthenticationType[] = auth === "both" ? ["password", "keyboard-interactive"] : [auth];
  const authAttempts: TSatSshServer["authAttempts"] = [];
  const clients = new Set<Connection>();
  let key = newKey();
  let server: InstanceType<typeof Server>;
  let port = opts.port ?? 0;
  const host = opts.host ?? "127.0.0.1";

  const check = (user: string, method: string, password: string) => {
    const ok = pbx.users[user] !== undefined && pbx.users[user] === password && !pbx.faults.wrongPassword;
    authAttempts.push({ user, method, ok });
    return ok;
  };

  const onClient = (client: Connection) => {
    clients.add(client);
    (client as Connection & { setNoDelay(on: boolean): void }).setNoDelay(true);
    let terminal: SatTerminal | null = null;
    client.on("error", () => {});
    client.on("close", () => {
      clients.delete(client);
      terminal?.ended();
    });
    client.on("authentication", (ctx) => {
      if (ctx.method === "password" && offered.includes("password"))
        return check(ctx.username, "password", ctx.password) ? ctx.accept() : ctx.reject(offered);
      if (ctx.method === "keyboard-interactive" && offered.includes("keyboard-interactive"))
        return ctx.prompt([{ prompt: "Password: ", echo: false }], (answers) =>
          check(ctx.username, "keyboard-interactive", answers[0] ?? "") ? ctx.accept() : ctx.reject(offered),
        );
      ctx.reject(offered);
    });
    client.on("ready", () => {
      client.on("session", (accept) => {
        const session = accept();
        session.on("pty", (ok, reject) => (opts.refusePty ? reject?.() : ok?.()));
        session.on("shell", (ok) => {
          const stream: ServerChannel = ok();
          terminal = pbx.open(
            {
              write: (t) => {
                if (stream.writable) stream.write(Buffer.from(t, "latin1"));
              },
              hangup: () => {
                stream.exit(0);
                stream.end();
                client.end();
              },
            },
            { preAuthenticated: (opts.shellLogin ?? "prompt") === "direct" },
          );
          stream.on("data", (d: Buffer) => terminal?.input(d.toString("latin1")));
          stream.on("close", () => terminal?.ended());
        });
      });
    });
  };

  const listen = async () => {
    server = new Server({ hostKeys: [key.private] }, onClient);
    await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
    port = (server.address() as AddressInfo).port;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const c of clients) c.end();
      server.close(() => resolve());
    });
  await listen();

  return {
    get port() {
      return port;
    },
    publicKey: () => key.public,
    authAttempts,
    changeHostKey: async () => {
      await stop();
      key = newKey();
      await listen();
    },
    close: stop,
  };
}
