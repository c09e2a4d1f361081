import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CENSORED, chooseLogFormat, createRootLogger, loggerOn, type TLogFormat } from "../../lib/log/index.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

function capture(format: TLogFormat = "json") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const root = createRootLogger({ level: "debug", format, stream, colorize: false });
  return { log: loggerOn(root, "test"), lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("log records", () => {
  // Paths are explicit in pino: a record's own fields and three objects (or arrays) below them.
  it("secret fields are masked four levels deep, and connection-string passwords are cut out", () => {
    const { log, records } = capture();
    log.info("connecting to postgresql://klaxon:hunter2@db:5432/klaxon", {
      password: "p1",
      system: { name: "G3", satPassword: "p2", snmp: { community: "public1" } },
      snmp: { users: [{ name: "nms", authKey: "k1", privKey: "k2" }] },
      smtp: { auth: { user: "me", pass: "p3" } },
      token: "klx_abc",
      url: "postgres://postgres:hunter3@127.0.0.1:5433/klaxon",
    });
    const [r] = records();
    const text = JSON.stringify(r);
    for (const secret of ["p1", "p2", "p3", "public1", "k1", "k2", "klx_abc", "hunter2", "hunter3"]) expect(text).not.toContain(secret);
    expect(r).toMatchObject({
      level: "info",
      scope: "test",
      msg: "connecting to postgresql://klaxon:****@db:5432/klaxon",
      password: CENSORED,
      system: { name: "G3", satPassword: CENSORED, snmp: { community: CENSORED } },
      snmp: { users: [{ name: "nms", authKey: CENSORED, privKey: CENSORED }] },
      smtp: { auth: { user: "me", pass: CENSORED } },
      token: CENSORED,
      url: "postgres://postgres:****@127.0.0.1:5433/klaxon",
    });
  });

  it("an Error keeps its stack, code and Prisma's meta, not {}", () => {
    const { log, records } = capture();
    const e = Object.assign(new Error("Unique constraint failed on the fields: (`email`)"), {
      code: "P2002",
      meta: { modelName: "User", target: ["email"] },
    });
    log.warn("user create failed", { error: e, email: "a@example.com" });
    const [r] = records();
    expect(r).toMatchObject({
      level: "warn",
      msg: "user create failed",
      email: "a@example.com",
      error: { type: "Error", message: e.message, code: "P2002", meta: { modelName: "User", target: ["email"] } },
    });
    expect((r?.error as { stack?: string } | undefined)?.stack).toContain("log.test.ts");
  });

  it("an error's cause and a database URL inside its message survive without the password", () => {
    const { log, records } = capture();
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" });
    log.error("could not reach the database", { error: new Error("postgresql://postgres:s3cret@127.0.0.1:5433/klaxon unreachable", { cause }) });
    const err = records()[0]?.error as { message: string; stack: string };
    expect(err.message).toContain("postgresql://postgres:****@127.0.0.1:5433/klaxon unreachable");
    expect(err.message).toContain("ECONNREFUSED");
    expect(`${err.message}${err.stack}`).not.toContain("s3cret");
  });

  it("pretty output is one readable line per event with the scope, still masked", () => {
    const { log, lines } = capture("pretty");
    log.info("primary (epoch 4)", { password: "p1", previousHolder: "b" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO.*\[test\] primary \(epoch 4\)/);
    expect(lines[0]).toContain('"previousHolder":"b"');
    expect(lines[0]).not.toContain("p1");
  });
});

describe("log format", () => {
  it("JSON unless a person is at a terminal; NODE_ENV=production and LOG_FORMAT decide over the terminal", () => {
    expect(chooseLogFormat({ isTty: false })).toBe("json");
    expect(chooseLogFormat({ isTty: true })).toBe("pretty");
    expect(chooseLogFormat({ isTty: true, nodeEnv: "development" })).toBe("pretty");
    expect(chooseLogFormat({ isTty: true, nodeEnv: "production" })).toBe("json");
    expect(chooseLogFormat({ isTty: false, format: "pretty" })).toBe("pretty");
    expect(chooseLogFormat({ isTty: true, format: "json" })).toBe("json");
  });

  const script = `import { logger } from "./lib/log/index.ts"; logger("probe").info("hello", { password: "pw" }); logger("probe").debug("quiet");`;
  const node = (env: Record<string, string>) =>
    run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, env: { ...process.env, ...env } as NodeJS.ProcessEnv });
  const clean = { NODE_ENV: "", LOG_FORMAT: "", LOG_LEVEL: "" };

  it("a process writing to a pipe logs JSON lines; LOG_LEVEL is honoured", async () => {
    const { stdout } = await node(clean);
    expect(JSON.parse(stdout.trim())).toMatchObject({ level: "info", scope: "probe", msg: "hello", password: CENSORED });
    const debug = await node({ ...clean, LOG_LEVEL: "debug" });
    expect(debug.stdout.trim().split("\n").map((l) => JSON.parse(l).msg)).toEqual(["hello", "quiet"]);
  }, 30_000);

  it.skipIf(!existsSync("/usr/bin/script"))(
    "a process on a terminal logs pretty lines, JSON when NODE_ENV=production",
    async () => {
      // script(1) gives the process a pseudo-terminal as its stdout.
      const onTty = (env: Record<string, string>) =>
        run("/usr/bin/script", ["-qec", `${process.execPath} --import tsx --input-type=module -e '${script}'`, "/dev/null"], {
          cwd: ROOT,
          env: { ...process.env, ...clean, ...env } as NodeJS.ProcessEnv,
        }).then((r) => r.stdout.replace(/\x1b\[[0-9;]*m/g, "").trim());
      const pretty = await onTty({});
      expect(pretty).toMatch(/INFO.*\[probe\] hello/);
      expect(pretty).not.toMatch(/^\{/);
      expect(JSON.parse(await onTty({ NODE_ENV: "production" }))).toMatchObject({ msg: "hello" });
    },
    30_000,
  );
});
