import { SerialPort } from "serialport";
import { HayesModemSim, type TModemOptions } from "./hayes-modem.ts";

export type TPtyModem = { modem: HayesModemSim; close(): Promise<void> };

/** Puts a simulated modem on the modem end of a PTY pair. */
export async function modemOnPty(device: string, opts: TModemOptions): Promise<TPtyModem> {
  const port = new SerialPort({ path: device, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const modem = new HayesModemSim(opts);
  modem.attach((bytes) => port.write(Buffer.from(bytes, "latin1")));
  port.on("data", (d: Buffer) => modem.fromDte(d.toString("latin1")));
  port.on("error", () => {});
  return {
    modem,
    close: () =>
      new Promise<void>((resolve) => {
        modem.close();
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
