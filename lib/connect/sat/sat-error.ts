/**
 * Why a SAT session failed, as a code a task can act on and a reason a person can read.
 *   UNREACHABLE       no TCP/SSH connection, the dial failed (NO DIALTONE, NO CARRIER), PPP link never came up
 *   BUSY              the number was busy, or the system has no free login port ("Login resources unavailable")
 *   NO_ANSWER         the system's modem did not answer
 *   LOGIN_REFUSED     wrong login or password (SAT or SSH), PPP authentication refused
 *   HOST_KEY_CHANGED  the SSH host key differs from the one remembered; an admin must accept the new one
 *   PPP_UNAVAILABLE   this node cannot run PPP (no pppd, no /dev/ppp)
 *   TIMEOUT           a step took longer than its time limit (`step` says which)
 *   LINE_DROPPED      the connection or call ended in the middle of the session
 *   SESSION_IN_USE    another SAT session to this system is open (at most one per system by default)
 *   PROTOCOL          the system answered something we cannot work with (garbage, a refused terminal type)
 *   CONFIG            the system's record lacks what this connection needs (address, number, login)
 *   NO_LINE           a modem connection without a modem port to dial from
 */
export type TSatErrorCode =
  | "UNREACHABLE"
  | "BUSY"
  | "NO_ANSWER"
  | "LOGIN_REFUSED"
  | "HOST_KEY_CHANGED"
  | "PPP_UNAVAILABLE"
  | "TIMEOUT"
  | "LINE_DROPPED"
  | "SESSION_IN_USE"
  | "PROTOCOL"
  | "CONFIG"
  | "NO_LINE";

/** The steps of a session, for "timeout at step …". */
export type TSatStep = "lock" | "dial" | "ppp" | "connect" | "login" | "password" | "terminal-type" | "prompt" | "command" | "logoff";

export class SatError extends Error {
  override readonly name = "SatError";
  /** The session's transcript up to the failure (secrets removed); set by `withSatSession`. */
  transcript = "";

  constructor(
    readonly code: TSatErrorCode,
    /** Readable, secret-free: shown to people as the reason a task failed. */
    readonly reason: string,
    readonly step: TSatStep | null = null,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

export const isSatError = (e: unknown): e is SatError => e instanceof SatError;

export function timeoutError(step: TSatStep, ms: number, what?: string): SatError {
  return new SatError(
    "TIMEOUT",
    `timeout at step ${step}${what ? ` (${what})` : ""}: nothing usable within ${Math.round(ms / 100) / 10} s`,
    step,
  );
}
