import type { TDialOutHandle } from "../modem-port.ts";
import { SatError } from "./sat-error.ts";
import type { TSatTransport } from "./transport.ts";

/** A dial's final result code as the failure a person reads (null: CONNECT, go on). */
export function dialFailure(code: string, number: string, device: string): SatError | null {
  switch (code) {
    case "CONNECT":
      return null;
    case "BUSY":
      return new SatError("BUSY", `${number} was busy`, "dial");
    case "NO ANSWER":
      return new SatError("NO_ANSWER", `no answer from ${number}`, "dial");
    case "NO CARRIER":
      return new SatError(
        "UNREACHABLE",
        `no carrier: the call to ${number} did not connect (no answer, busy, or no modem at the far end)`,
        "dial",
      );
    case "NO DIALTONE":
      return new SatError("UNREACHABLE", `no dial tone on ${device}: check the phone line of this modem port`, "dial");
    case "ERROR":
      return new SatError("CONFIG", `the modem on ${device} refused the dial string ${number}`, "dial");
    default:
      return new SatError("UNREACHABLE", `the call to ${number} failed: ${code}`, "dial");
  }
}

/**
 * A data call over a lent dial-out port: `ATDT<number>` until CONNECT, then the call is the
 * byte pipe. Closing hangs up (escape + ATH); the port itself is released by its lender.
 */
export async function dialModem(
  line: TDialOutHandle,
  opts: { number: string; timeoutMs: number; onNote?: (note: string) => void },
): Promise<TSatTransport> {
  const label = `modem ${line.device} → ${opts.number}`;
  // Extended result codes: BUSY and NO DIALTONE instead of a bare NO CARRIER (X0/X1 modems).
  await line.command("ATX4", 3000).catch(() => undefined);
  opts.onNote?.(`dialling ${opts.number} on ${line.device}`);
  const r = await line.command(`ATDT${opts.number}`, opts.timeoutMs).catch(() => null);
  if (!r) {
    // Any character aborts a dial in progress; the modem answers NO CARRIER on its own.
    line.write("\r");
    throw new SatError("NO_ANSWER", `no answer from ${opts.number} within ${Math.round(opts.timeoutMs / 1000)} s`, "dial");
  }
  opts.onNote?.(`modem: ${r.text}`);
  const failure = dialFailure(r.code, opts.number, line.device);
  if (failure) throw failure;

  let early = "";
  let onData: (text: string) => void = (text) => {
    early = (early + text).slice(-65_536);
  };
  let onClose: ((reason: string) => void) | null = null;
  let closed: string | null = null;
  const gone = (reason: string) => {
    if (closed !== null) return;
    closed = reason;
    onClose?.(reason);
  };
  line.onData((text) => onData(text));
  line.onCarrierLost(() => gone("carrier lost (NO CARRIER)"));
  return {
    label,
    enter: "\r",
    write: (text) => {
      if (closed === null) line.write(text);
    },
    onData: (h) => {
      onData = h;
      const first = early;
      early = "";
      if (first) h(first);
    },
    onClose: (h) => {
      onClose = h;
      if (closed !== null) h(closed);
    },
    close: async () => {
      closed ??= "hung up by us";
      await line.hangup().catch(() => undefined);
    },
  };
}
