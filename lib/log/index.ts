import { isatty } from "node:tty";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { loadEnv } from "../config/index.ts";
import { censor, errorSerializer, REDACT_PATHS, scrubUrls } from "./redact.ts";

export { CENSORED, scrubUrls } from "./redact.ts";

export type TLevel = "debug" | "info" | "warn" | "error";
export type TLogFormat = "json" | "pretty";
export type TLogger = Record<TLevel, (msg: string, fields?: Record<string, unknown>) => void>;

/**
 * JSON lines for machines (a pipe, a file, journald, or NODE_ENV=production), pretty lines for a
 * person at a terminal; LOG_FORMAT decides when set.
 */
export function chooseLogFormat(o: { format?: TLogFormat; nodeEnv?: string; isTty: boolean }): TLogFormat {
  if (o.format) return o.format;
  return o.isTty && o.nodeEnv !== "production" ? "pretty" : "json";
}

/**
 * The pino instance behind every logger. Pretty output is pino-pretty as an in-process stream,
 * not a transport: transports run in a worker thread that Next.js's bundling breaks. Writes are
 * synchronous so a line written just before `process.exit` is not lost.
 */
export function createRootLogger(o: { level: TLevel; format: TLogFormat; fd?: 1 | 2; stream?: DestinationStream; colorize?: boolean }): Logger {
  const fd = o.fd ?? 1;
  const options: pino.LoggerOptions = {
    level: o.level,
    redact: { paths: REDACT_PATHS, censor },
    serializers: { error: errorSerializer, err: errorSerializer },
    hooks: {
      // Connection strings pasted into a message lose their password too.
      logMethod(args, method) {
        const last = args.length - 1;
        if (typeof args[last] === "string") args[last] = scrubUrls(args[last] as string);
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  if (o.format === "pretty") {
    const stream = pretty({
      destination: o.stream ?? fd,
      sync: true,
      colorize: o.colorize ?? isatty(fd),
      translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l",
      ignore: "pid,hostname,scope",
      messageFormat: "[{scope}] {msg}",
      singleLine: true,
    });
    return pino(options, stream);
  }
  return pino(
    { ...options, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    o.stream ?? pino.destination({ fd, sync: true }),
  );
}

let levelOverride: TLevel | undefined;
let fdOverride: 1 | 2 | undefined;
let root: Logger | undefined;
// Loggers are made at import time, before an entry point sets the level: each one takes a new
// child when the configuration changes.
let generation = 0;

function rootLogger(): Logger {
  if (root) return root;
  let env: { LOG_LEVEL?: TLevel; LOG_FORMAT?: TLogFormat; NODE_ENV?: string } = {};
  try {
    env = loadEnv();
  } catch {
    // An invalid environment is reported by the entry point; the message still needs a logger.
  }
  const fd = fdOverride ?? 1;
  root = createRootLogger({
    level: levelOverride ?? env.LOG_LEVEL ?? "info",
    format: chooseLogFormat({ format: env.LOG_FORMAT, nodeEnv: env.NODE_ENV, isTty: isatty(fd) }),
    fd,
  });
  return root;
}

export function setLogLevel(level: TLevel): void {
  levelOverride = level;
  if (root) root.level = level;
  generation += 1;
}

/** One-shot commands keep stdout for their result (`TOKEN=$(klaxon token create …)`). */
export function logToStderr(): void {
  fdOverride = 2;
  root = undefined;
  generation += 1;
}

/** A logger whose records carry `scope` (e.g. `web node-a`); secrets in `fields` are masked, Errors keep stack and code. */
export function logger(scope: string): TLogger {
  let child: Logger | undefined;
  let made = -1;
  return wrap(() => {
    if (!child || made !== generation) {
      child = rootLogger().child({ scope });
      made = generation;
    }
    return child;
  });
}

/** The same API over a given root (tests write to a stream of their own). */
export function loggerOn(root: Logger, scope: string): TLogger {
  const child = root.child({ scope });
  return wrap(() => child);
}

function wrap(get: () => Logger): TLogger {
  const write = (level: TLevel) => (msg: string, fields?: Record<string, unknown>) => {
    const l = get();
    if (fields) l[level](fields, msg);
    else l[level](msg);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
