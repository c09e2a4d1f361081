import { isFinal, parseResult, type TResult } from "./result-codes.ts";

export type TAtEvent =
  | { type: "final"; command: string; result: TResult; info: string[] }
  | { type: "unsolicited"; result: TResult }
  | { type: "info"; line: string };

/**
 * Matches a modem's lines to the command in flight (one at a time, as V.250 requires): the
 * echo of the command is skipped, other text lines are collected as information (e.g. caller
 * ID), and the first final result code completes the command. RING and results arriving with
 * no command in flight are unsolicited.
 */
export class AtSession {
  private pending: { command: string; info: string[] } | null = null;

  get busy(): boolean {
    return this.pending !== null;
  }

  get current(): string | null {
    return this.pending?.command ?? null;
  }

  /** Starts a command; returns the bytes to write. */
  command(command: string): string {
    if (this.pending) throw new Error(`AT command ${JSON.stringify(this.pending.command)} still in flight`);
    this.pending = { command: command.trim(), info: [] };
    return `${command.trim()}\r`;
  }

  /** Abandons the command in flight (the shell timed it out). */
  cancel(): void {
    this.pending = null;
  }

  line(raw: string): TAtEvent[] {
    const line = raw.trim();
    if (!line) return [];
    const result = parseResult(line);
    if (result && isFinal(result.code) && this.pending) {
      const { command, info } = this.pending;
      this.pending = null;
      return [{ type: "final", command, result, info }];
    }
    if (result) return [{ type: "unsolicited", result }];
    if (this.pending && line.toUpperCase() === this.pending.command.toUpperCase()) return [];
    if (this.pending) this.pending.info.push(line);
    return [{ type: "info", line }];
  }
}
