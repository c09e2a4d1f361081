import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { freePort } from "./cluster-harness.ts";
import { waitFor } from "./wait-for.ts";

export type TDovecot = {
  port: number;
  user: string;
  password: string;
  /** Delivers a raw RFC 822 message into the user's INBOX (IMAP APPEND); returns its UID. */
  deliver(raw: string): Promise<number>;
  /** Every message in INBOX: UID, flags, subject. */
  messages(): Promise<{ uid: number; flags: string[]; subject: string }[]>;
  /** The dovecot log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
};

const DOVECOT = "/usr/sbin/dovecot";

/**
 * A real Dovecot IMAP server (Debian dovecot-imapd) with its own configuration in a temp
 * directory: loopback only, a free port, no TLS, one passwd-file user, Maildir storage.
 * As root the mail processes run as `nobody` (Dovecot refuses mail access as uid 0);
 * otherwise everything runs as the current user.
 */
export async function startDovecot({ user = "noc", password = "reply-secret" } = {}): Promise<TDovecot> {
  if (!existsSync(DOVECOT)) throw new Error("dovecot is not installed (Debian package dovecot-imapd): run .ci/install-deps.sh");
  const dir = mkdtempSync(path.join(os.tmpdir(), "klaxon-dovecot-"));
  chmodSync(dir, 0o755);
  const mail = path.join(dir, "mail");
  const run = path.join(dir, "run");
  mkdirSync(mail, { mode: 0o777 });
  chmodSync(mail, 0o777);
  mkdirSync(run);
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const me = os.userInfo().username;
  const mailUser = root ? "nobody" : me;
  const mailGroup = root ? execFileSync("id", ["-gn", "nobody"]).toString().trim() : execFileSync("id", ["-gn"]).toString().trim();
  writeFileSync(path.join(dir, "passwd"), `${user}:{PLAIN}${password}::::::\n`);
  const conf = [
    "protocols = imap",
    "listen = 127.0.0.1",
    `base_dir = ${run}`,
    `state_dir = ${run}`,
    `instance_name = klaxon-test-${port}`,
    "ssl = no",
    "disable_plaintext_auth = no",
    "auth_mechanisms = plain login",
    `log_path = ${path.join(dir, "dovecot.log")}`,
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${path.join(dir, "passwd")}\n}`,
    `userdb {\n  driver = static\n  args = uid=${mailUser} gid=${mailGroup} home=${mail}/%u\n}`,
    "mail_location = maildir:~/Maildir",
    "first_valid_uid = 1",
    "first_valid_gid = 1",
    ...(root ? [] : [`default_internal_user = ${me}`, `default_internal_group = ${mailGroup}`, `default_login_user = ${me}`]),
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    "service anvil {\n  chroot =\n}",
    "service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}",
  ].join("\n");
  const confPath = path.join(dir, "dovecot.conf");
  writeFileSync(confPath, `${conf}\n`);
  const child: ChildProcess = spawn(DOVECOT, ["-F", "-c", confPath], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const log = () => {
    const file = path.join(dir, "dovecot.log");
    return `${out}${existsSync(file) ? readFileSync(file, "utf8") : ""}`;
  };
  const client = async () => {
    const c = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: password }, logger: false });
    c.on("error", () => {});
    await c.connect();
    return c;
  };
  await waitFor(
    async () => {
      if (child.exitCode != null) throw new Error(`dovecot exited (${child.exitCode}):\n${log()}`);
      try {
        const c = await client();
        await c.logout();
        return true;
      } catch {
        return undefined;
      }
    },
    20_000,
    100,
  ).catch((e) => {
    child.kill("SIGKILL");
    throw new Error(`dovecot did not come up: ${e instanceof Error ? e.message : e}\n${log()}`);
  });
  return {
    port,
    user,
    password,
    log,
    async deliver(raw) {
      const c = await client();
      try {
        const r = await c.append("INBOX", raw);
        return r && typeof r === "object" && r.uid ? Number(r.uid) : 0;
      } finally {
        await c.logout();
      }
    },
    async messages() {
      const c = await client();
      try {
        const lock = await c.getMailboxLock("INBOX");
        try {
          if (c.mailbox === false || !c.mailbox.exists) return [];
          const rows = await c.fetchAll("1:*", { uid: true, flags: true, envelope: true });
          return rows.map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])].sort(), subject: m.envelope?.subject ?? "" }));
        } finally {
          lock.release();
        }
      } finally {
        await c.logout();
      }
    },
    async stop() {
      if (child.exitCode == null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode == null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
