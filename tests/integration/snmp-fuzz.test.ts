import dgram from "node:dgram";
import snmp, { type Varbind } from "net-snmp";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db-fixture.ts";
import { useSnmpIntake } from "../support/snmp-intake-rig.ts";
import { AVAYA_TRAP, avayaVarbinds, sendTrap } from "../support/snmp-send.ts";

const SECRET = "snmp-fuzz-test-secret-key-0123456789abc";
const USER = {
  name: "fuzzv3",
  level: snmp.SecurityLevel.authPriv,
  authProtocol: snmp.AuthProtocols.sha,
  authKey: "fuzzauth123",
  privProtocol: snmp.PrivProtocols.aes,
  privKey: "fuzzpriv123",
};
const FUZZ_PACKETS = 100_000;
const VALID_TRAPS = 200;
const KEEP_REJECTS = 200;

// Deterministic, so a failing run can be replayed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real packets as net-snmp encodes them (v1, v2c trap and inform, v3 authPriv), captured off a socket. */
async function captureTemplates(): Promise<Buffer[]> {
  const sink = dgram.createSocket("udp4");
  const got: Buffer[] = [];
  sink.on("message", (m) => got.push(m));
  await new Promise<void>((r) => sink.bind(0, "127.0.0.1", r));
  const port = sink.address().port;
  const vbs: Varbind[] = avayaVarbinds({
    productId: "8000000008",
    alarmNumber: "5",
    port: "01A0501",
    maintObject: "DS1-BD",
    onBoard: "y",
    alarmType: "MAJOR",
    altName: "78/01",
  });
  const generic: Varbind[] = [
    { oid: "1.3.6.1.4.1.9999.1.1.0", type: snmp.ObjectType.Integer, value: 7 },
    { oid: "1.3.6.1.4.1.9999.1.2.0", type: snmp.ObjectType.OID, value: "1.3.6.1.2.1.1" },
    { oid: "1.3.6.1.4.1.9999.1.3.0", type: snmp.ObjectType.IpAddress, value: "10.0.0.1" },
    { oid: "1.3.6.1.4.1.9999.1.4.0", type: snmp.ObjectType.Counter64, value: Buffer.from("0102030405060708", "hex") },
  ];
  const v1 = snmp.createSession("127.0.0.1", "public", { trapPort: port, version: snmp.Version1 });
  const v2 = snmp.createSession("127.0.0.1", "public", { trapPort: port, port, version: snmp.Version2c, timeout: 50, retries: 0 });
  const v3 = snmp.createV3Session("127.0.0.1", USER, { trapPort: port, version: snmp.Version3 });
  for (const s of [v1, v2, v3]) s.on("error", () => {});
  const noop = () => {};
  v1.trap(`${AVAYA_TRAP}.2`, vbs, noop);
  v2.trap(`${AVAYA_TRAP}.2`, vbs, noop);
  v2.trap(`${AVAYA_TRAP}.0`, vbs.slice(0, 3), noop);
  v2.trap("1.3.6.1.4.1.9999.0.1", generic, noop);
  v2.inform(`${AVAYA_TRAP}.9`, vbs, {}, noop);
  v3.trap(`${AVAYA_TRAP}.3`, vbs, noop);
  while (got.length < 6) await new Promise((r) => setTimeout(r, 10));
  for (const s of [v1, v2, v3]) s.close();
  sink.close();
  return got;
}

function mutate(templates: Buffer[], rand: () => number): Buffer {
  const pick = templates[Math.floor(rand() * templates.length)] as Buffer;
  const b = Buffer.from(pick);
  switch (Math.floor(rand() * 6)) {
    case 0: // random bytes
      return Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
    case 1: // truncated
      return b.subarray(0, Math.floor(rand() * b.length));
    case 2: // a few flipped bytes
      for (let i = 0; i < 1 + rand() * 4; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      return b;
    case 3: // a length byte made wrong
      b[Math.min(b.length - 1, 1 + Math.floor(rand() * 40))] = [0x00, 0x7f, 0x81, 0x84, 0xff][Math.floor(rand() * 5)] as number;
      return b;
    case 4: // garbage spliced in
      return Buffer.concat([
        b.subarray(0, Math.floor(rand() * b.length)),
        Buffer.from([Math.floor(rand() * 256), 0x82, 0xff, 0xff]),
        b.subarray(Math.floor(rand() * b.length)),
      ]);
    default: // valid SNMP header, nonsense body
      return Buffer.concat([
        Buffer.from([0x30, 0x81, 0x90, 0x02, 0x01, Math.floor(rand() * 4)]),
        Buffer.from(Array.from({ length: 144 }, () => Math.floor(rand() * 256))),
      ]);
  }
}

describe("SNMP listener under fuzzing", () => {
  const t = useTestDatabase("snmp_fuzz");
  const rig = useSnmpIntake(t, {
    secret: SECRET,
    dataDirPrefix: "klaxon-fuzz-",
    nodeName: "fuzz",
    queue: { keepRejects: KEEP_REJECTS, rejectRatePerSec: 100, rejectBurst: 200 },
    systems: (v3) => [
      { name: "valid", productId: "7000000007", snmpCommunity: "public" },
      { name: "fuzzed", productId: "8000000008", ...v3(USER) },
    ],
  });

  it(`survives ${FUZZ_PACKETS} random and mutated packets, stores every valid trap in between, and keeps rejects bounded`, async () => {
    const port = rig.port;
    const templates = await captureTemplates();
    const rand = rng(20240607);
    const out = dgram.createSocket("udp4");
    const every = Math.floor(FUZZ_PACKETS / VALID_TRAPS);
    const valid: Promise<void>[] = [];
    let sent = 0;
    for (let i = 0; i < FUZZ_PACKETS; i++) {
      out.send(mutate(templates, rand), port, "127.0.0.1");
      sent += 1;
      if (i % every === 0) {
        const n = valid.length;
        const a = {
          productId: "7000000007",
          alarmNumber: String(1000 + n),
          port: `0${1 + (n % 9)}B${String(n).padStart(4, "0")}`,
          maintObject: "CO-TRK",
          alarmType: "MINOR",
        };
        valid.push(sendTrap({ port, community: "public", oid: `${AVAYA_TRAP}.3`, varbinds: avayaVarbinds(a) }));
        sent += 1;
      }
      // Flow control on the listener's own count, so the kernel buffer never overflows.
      if (i % 500 === 0) while (sent - (rig.intake.stats().snmp?.packets ?? 0) > 2000) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(valid);
    while ((rig.intake.stats().snmp?.packets ?? 0) < sent) await new Promise((r) => setTimeout(r, 10));
    out.close();
    await rig.intake.queue.flush();

    const stored = await t.db.alarm.findMany({
      where: { productId: "7000000007", maintObject: "CO-TRK" },
      select: { alarmNumber: true, count: true },
    });
    expect(stored.map((a) => a.alarmNumber).sort()).toEqual(Array.from({ length: VALID_TRAPS }, (_, n) => String(1000 + n)).sort());
    expect(stored.every((a) => a.count === 1)).toBe(true);

    const stats = rig.intake.stats();
    expect(stats.snmp?.packets).toBe(sent);
    expect(stats.snmp?.rejected).toBeGreaterThan(FUZZ_PACKETS / 2);
    expect(stats.queue.rejected).toBeGreaterThan(KEEP_REJECTS);
    const rows = await t.db.rejectedIntake.count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(KEEP_REJECTS);
    const reasons = await t.db.rejectedIntake.groupBy({ by: ["reason"], _count: true });
    expect(reasons.length).toBeGreaterThan(1);
  }, 90_000);
});
