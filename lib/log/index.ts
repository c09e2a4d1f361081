type TLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<TLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: TLevel = "info";
let allToStderr = false;

export function setLogLevel(level: TLevel): void {
  threshold = level;
}

/** One-shot commands keep stdout for their result (`TOKEN=$(klaxon token create …)`). */
export function logToStderr(): void {
  allToStderr = true;
}

export type TLogger = Record<TLevel, (msg: string, fields?: Record<string, unknown>) => void>;

// Error objects have no enumerable fields: keep message, code and stack instead of "{}".
const keepErrors = (_key: string, value: unknown) =>
  value instanceof Error
    ? { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack }
    : value;

/** One line per event, `<time> <level> [<scope>] message {fields}`: readable by people and grep. */
export function logger(scope: string): TLogger {
  const write = (level: TLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields, keepErrors)}` : "";
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${msg}${extra}\n`;
    (allToStderr || level === "error" || level === "warn" ? process.stderr : process.stdout).write(line);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
