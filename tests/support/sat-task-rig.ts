import PgBoss from "pg-boss";
import { afterAll, beforeAll } from "vitest";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import type { TDb } from "../../lib/db/index.ts";
import { ensureQueues } from "../../lib/jobs/index.ts";
import { logger } from "../../lib/log/index.ts";
import { encryptSecret } from "../../lib/secrets/index.ts";
import { runSatAttempt, type TTaskSettings } from "../../lib/tasks/index.ts";
import type { TTaskBody } from "../../lib/tasks/run-attempt.ts";
import { PbxSat, type TPbxSatOptions } from "../sim/pbx-sat.ts";
import { startSatTelnet, type TSatTelnetServer } from "../sim/pbx-sat-telnet.ts";
import type { TTestDb } from "./db-fixture.ts";

export const RIG_KEY = Buffer.alloc(32, 9);
export const RIG_PASSWORD = "crftpw01";
/** Short step limits: the bad-input cases end in seconds instead of the production minutes. */
export const RIG_TIMEOUTS = { login: 3000, command: 4000, lock: 2000, promptQuiet: 40, logoff: 1500, connect: 3000 };

export type TSatTaskRig = {
  boss: PgBoss;
  /** A simulated CM on its own telnet port and a DIRECT_IP system pointing at it. */
  pbx(productId: string, opts?: Partial<TPbxSatOptions> & { name?: string }): Promise<{ pbx: PbxSat; systemId: number; port: number }>;
  /** One attempt of a run, as a node's job router would make it (direct IP: no modem port). */
  attempt(runId: number, body: TTaskBody, settings?: Partial<TTaskSettings>): Promise<void>;
};

/** pg-boss queues, the cluster SQL, and simulated CMs over real telnet, on the file's database. */
export function useSatTaskRig(t: TTestDb): TSatTaskRig {
  const servers: TSatTelnetServer[] = [];
  const pbxs: PbxSat[] = [];
  const rig = {} as TSatTaskRig;
  beforeAll(async () => {
    await ensureClusterSql(t.db);
    rig.boss = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 2 });
    await rig.boss.start();
    await ensureQueues(rig.boss);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const p of pbxs) p.close();
    await rig.boss?.stop({ graceful: false });
  });
  rig.pbx = async (productId, opts = {}) => {
    const pbx = new PbxSat({ productId, users: { craft: RIG_PASSWORD }, timeScale: 0.0005, ...opts });
    const server = await startSatTelnet(pbx);
    pbxs.push(pbx);
    servers.push(server);
    const s = await (t.db as TDb).system.create({
      data: {
        name: opts.name ?? `CM ${productId}`,
        productId,
        connectionType: "DIRECT_IP",
        satProtocol: "TELNET",
        ipAddress: "127.0.0.1",
        ipPort: server.port,
        satLogin: "craft",
        satPasswordEnc: encryptSecret(RIG_KEY, RIG_PASSWORD),
      },
    });
    return { pbx, systemId: s.id, port: server.port };
  };
  rig.attempt = (runId, body, settings = {}) =>
    runSatAttempt(
      {
        db: t.db,
        nodeName: "rig",
        conn: "ip",
        port: null,
        line: () => Promise.reject(new Error("direct IP has no modem line")),
        jobId: `rig-${runId}`,
        settings: { maxAttempts: 1, retryDelayS: 1, unreachableAfter: 3, inadsWaitMin: 0.05, ...settings },
        log: logger("rig"),
        timeouts: RIG_TIMEOUTS,
        secretKey: RIG_KEY,
      },
      runId,
      body,
    );
  return rig;
}
