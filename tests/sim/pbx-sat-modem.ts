import type { PbxSat, SatTerminal } from "./pbx-sat.ts";
import type { PhoneNetwork, TCall, TLineEnd, TLineEvent } from "./phone-network.ts";

export type TSatModemLine = {
  /** Calls answered so far. */
  readonly answered: number;
  /** Drop the current call (the line is cut mid-session). */
  cut(): void;
  close(): void;
};

/**
 * A G3's SAT reached by a data call: the PBX's own modem (a data module) on `number` of the
 * simulated phone network, answering after `answerAfterRings` rings. The PBX's faults decide
 * the call: `busy` (the line is engaged), `noAnswer` (it rings on), `noCarrier` (it picks up
 * but no carrier is established), `noLoginPort` ("Login resources unavailable", then it hangs up).
 */
export function attachSatModem(pbx: PbxSat, network: PhoneNetwork, number: string, { answerAfterRings = 1 } = {}): TSatModemLine {
  let call: TCall | null = null;
  let rings = 0;
  let terminal: SatTerminal | null = null;
  let answered = 0;
  const end: TLineEnd = {
    get busy() {
      return !!pbx.faults.busy || call !== null;
    },
    onLine(ev: TLineEvent) {
      switch (ev.type) {
        case "ring":
          if (call && call !== ev.call) return;
          call = ev.call;
          rings++;
          if (pbx.faults.noAnswer || rings < answerAfterRings) return;
          if (pbx.faults.noCarrier) {
            // Off hook, no carrier: the caller's modem gives up with NO CARRIER.
            const c = ev.call;
            call = null;
            rings = 0;
            c.hangup(end);
            return;
          }
          ev.call.answer();
          return;
        case "ring-stop":
          call = null;
          rings = 0;
          return;
        case "connected": {
          answered++;
          const c = ev.call;
          terminal = pbx.open({ write: (t) => c.send(end, t), hangup: () => hangup() });
          return;
        }
        case "data":
          terminal?.input(ev.bytes);
          return;
        case "hangup":
          terminal?.ended();
          terminal = null;
          call = null;
          rings = 0;
          return;
      }
    },
  };
  const hangup = () => {
    const c = call;
    terminal?.ended();
    terminal = null;
    call = null;
    rings = 0;
    c?.hangup(end);
  };
  const unregister = network.register(number, end);
  return {
    get answered() {
      return answered;
    },
    cut: () => network.cut(number),
    close: () => {
      hangup();
      unregister();
    },
  };
}
