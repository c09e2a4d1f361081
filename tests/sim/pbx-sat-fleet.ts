import type { TDb } from "../../lib/db/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { PbxSat, type TTestAlarmSender } from "./pbx-sat.ts";
import { startSatSsh } from "./pbx-sat-ssh.ts";
import { startSatTelnet } from "./pbx-sat-telnet.ts";

export type TSatFleetMember = { productId: string; protocol: "SSH" | "TELNET"; sendTestAlarm?: TTestAlarmSender };

/**
 * SAT servers for simulated IP PBXs (`npm run demo`): each system row is pointed at its own
 * server on 127.0.0.1 with login craft and a password encrypted with the node's key. Host keys
 * are new every start, so the remembered one is forgotten here (a real system keeps its key).
 */
export async function startSatFleet(
  db: TDb,
  key: Buffer,
  members: TSatFleetMember[],
): Promise<{ lines: string[]; close(): Promise<void> }> {
  const closers: (() => Promise<void> | void)[] = [];
  const lines: string[] = [];
  for (const m of members) {
    const password = `craft-${m.productId.slice(-4)}`;
    const pbx = new PbxSat({ productId: m.productId, users: { craft: password }, timeScale: 0.05, sendTestAlarm: m.sendTestAlarm });
    const server = m.protocol === "SSH" ? await startSatSsh(pbx, { shellLogin: "direct" }) : await startSatTelnet(pbx);
    closers.push(
      () => server.close(),
      () => pbx.close(),
    );
    await db.system.update({
      where: { productId: m.productId },
      data: {
        satProtocol: m.protocol,
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(key, password),
        sshHostKey: null,
        sshHostKeyAt: null,
        sshHostKeyNew: null,
        sshHostKeyNewAt: null,
      },
    });
    lines.push(`${m.productId}: SAT by ${m.protocol.toLowerCase()} on 127.0.0.1:${server.port} (craft / ${password})`);
  }
  return {
    lines,
    close: async () => {
      for (const c of closers) await c();
    },
  };
}
