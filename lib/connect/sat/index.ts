/**
 * The SAT session layer: log in to a system's System Access Terminal and run OSSI commands,
 * over whatever way the system is reached.
 *
 * ## Use (task handlers)
 * ```ts
 * import { withSatSession, isSatError } from "../connect/sat/index.ts";
 *
 * const alarms = await withSatSession(
 *   ctx.db,
 *   systemId,                                 // or { id }
 *   {
 *     conn: ctx.conn,                         // "modem" | "ras" | "ip"; default from the system's connectionType
 *     line: ctx.line,                         // modem and ras only: the job's dial-out port
 *     onTranscript: (chunk) => append(chunk), // live transcript, secrets already removed
 *     holder: `${ctx.nodeName} task ${runId}`,
 *     timeouts: { command: 60_000 },          // any of TSatTimeouts, per step
 *   },
 *   async (sat) => {
 *     const r = await sat.run("display alarms"); // or { command, fields: ["0001ff00"], data: [...] }
 *     // r.rows: [{ "0001ff00": "01A0501", "0002ff00": "DS1-BD", … }], r.fields, r.errors, r.messages, r.lines, r.ok
 *     return r.rows;
 *   },
 * );
 * ```
 * Transport by connection: **ip** → SSH (port 5022) or telnet (5023) per `system.satProtocol`
 * (`ipPort` overrides the port); **modem** → `ATDT<dialNumber>` on `line()`, SAT over the data
 * call; **ras** → dial, `pppd` on the port's tty with `pppUser`/`pppPassword`, then SSH/telnet
 * to the peer address pppd reports. Then the login dialogue (satLogin, satPassword,
 * terminalType — default `ossi4`), the body, logoff (`c logoff`, `t`, `y`), close. The modem call
 * is hung up at the end; the port's release stays with its lender (the job router).
 *
 * ## Failures
 * Everything the session itself cannot do throws a `SatError` (see sat-error.ts): `code`
 * (UNREACHABLE, BUSY, NO_ANSWER, LOGIN_REFUSED, HOST_KEY_CHANGED, PPP_UNAVAILABLE, TIMEOUT,
 * LINE_DROPPED, SESSION_IN_USE, PROTOCOL, CONFIG, NO_LINE), `reason` (readable, no secrets, e.g.
 * "timeout at step password (no Password: prompt): nothing usable within 20 s"), `step`, and
 * `transcript` (everything up to the failure). An OSSI `e` line is not a throw: the command
 * resolves with `ok: false` and `errors: [{ codes, fieldId, message }]`. Errors thrown by the
 * body itself pass through unchanged (after logoff).
 *
 * ## Rules it keeps
 * At most one session per system at a time, cluster-wide (`maxSessions` to allow more; a second
 * one waits up to `timeouts.lock`, then SESSION_IN_USE). Passwords never reach a transcript,
 * an error or a log. SSH host keys: remembered at first contact; a different key fails with
 * HOST_KEY_CHANGED until an admin accepts it (`acceptHostKey`, tRPC `system.acceptHostKey`).
 */
export { withSatSession, type TSat, type TSatConn, type TSatSessionOptions } from "./with-sat-session.ts";
export type { TSatResult } from "./sat-session.ts";
export { SatError, isSatError, type TSatErrorCode, type TSatStep } from "./sat-error.ts";
export { DEFAULT_TIMEOUTS, type TSatTimeouts, type TSatTransport } from "./transport.ts";
export {
  encodeOssiRequest,
  OssiResponseParser,
  parseErrorLine,
  ZOssiRequest,
  type TOssiError,
  type TOssiRequest,
  type TOssiResponse,
} from "./ossi-codec.ts";
export { acceptHostKey, checkHostKey, forgetHostKey, hostKeyState, type THostKeyState } from "./host-keys.ts";
export { PPP_UNAVAILABLE, pppUnavailableReason } from "./ppp-link.ts";
export { REDACTED } from "./transcript.ts";
