import type { TLogger } from "../lib/log/index.ts";

/**
 * Exit code of a node process that must not be restarted because restarting cannot help (the
 * node name belongs to another live process, a port is taken): sysexits' EX_CONFIG. The
 * supervisor stops the whole node on it and exits with it, instead of limping on.
 */
export const FATAL_EXIT_CODE = 78;

export type TFatalMessage = { type: "fatal"; reason: string };

export function isFatalMessage(m: unknown): m is TFatalMessage {
  return typeof m === "object" && m !== null && (m as TFatalMessage).type === "fatal" && typeof (m as TFatalMessage).reason === "string";
}

/** Logs the reason, tells the supervisor (when there is one), and exits with FATAL_EXIT_CODE. */
export function exitFatal(log: TLogger, reason: string): void {
  log.error(`cannot run: ${reason}`);
  const exit = () => process.exit(FATAL_EXIT_CODE);
  if (process.send && process.connected) process.send({ type: "fatal", reason } satisfies TFatalMessage, exit);
  else exit();
}
