// Child process of the intake benchmark: sends Avaya-shaped v2c traps at a steady rate.
// argv: port rate seconds distinct runTag; prints {"sent": n} when done.
import snmp from "net-snmp";
import { avayaVarbinds, AVAYA_TRAP } from "../support/snmp-send.ts";

import { BENCH_STAMP_OID } from "./bench-stamp.ts";
const MOS = ["DS1-BD", "UDS1-BD", "ANL-LINE", "DIG-LINE", "CO-TRK", "TDM-BUS", "POWER", "PKT-INT", "MED-GTWY", "CLAN-BD"];

async function main() {
  const [port, rate, seconds, distinct, tag] = process.argv.slice(2).map((a, i) => (i < 4 ? Number(a) : a)) as [
    number,
    number,
    number,
    number,
    string,
  ];
  const session = snmp.createSession("127.0.0.1", "public", { trapPort: port, version: snmp.Version2c });
  session.on("error", () => {});
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  const send = (seq: number) => {
    const i = seq % distinct;
    const vbs = avayaVarbinds({
      productId: `${tag}${String(i % 50).padStart(4, "0")}`,
      alarmNumber: String(i),
      port: `0${1 + (i % 9)}A${String(i % 97).padStart(2, "0")}01`,
      maintObject: MOS[i % MOS.length] as string,
      onBoard: i % 2 ? "y" : "n",
      alarmType: i % 3 ? "MAJOR" : "MINOR",
    });
    vbs.push({ oid: BENCH_STAMP_OID, type: snmp.ObjectType.OctetString, value: (performance.timeOrigin + performance.now()).toFixed(3) });
    session.trap(`${AVAYA_TRAP}.${i % 3 ? 2 : 3}`, vbs, {}, () => {});
  };
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) send(sent++);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  // Let the socket drain before closing.
  await new Promise((r) => setTimeout(r, 200));
  session.close();
  process.stdout.write(`${JSON.stringify({ sent, seconds: (performance.now() - start) / 1000 })}\n`);
}

await main();
