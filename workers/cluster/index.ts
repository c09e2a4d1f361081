import type PgBoss from "pg-boss";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import type { TEnv } from "../../lib/config/index.ts";
import type { TDialOutHandle } from "../../lib/connect/modem-port.ts";
import type { TDb } from "../../lib/db/index.ts";
import type { TLogger } from "../../lib/log/index.ts";
import { startBoss } from "./boss.ts";
import { startJobRouter } from "./job-router.ts";
import { startLeaseKeeper, type TLeaseKeeper } from "./lease-keeper.ts";
import { startMembership, type TMembership } from "./membership.ts";
import { startSingletons } from "./singletons.ts";

export type TClusterNode = { boss: PgBoss; membership: TMembership; lease: TLeaseKeeper; stop(): Promise<void> };

/** This node's part in the cluster: registry + heartbeat + roles, primary lease, singletons, job routing. */
export async function startCluster({
  env,
  db,
  nodeName,
  instanceId,
  log,
  lendPort,
  onNameLost,
}: {
  env: TEnv;
  db: TDb;
  nodeName: string;
  instanceId: string;
  log: TLogger;
  onNameLost: (reason: string) => void;
  lendPort?: (portId: number) => Promise<TDialOutHandle | null>;
}): Promise<TClusterNode> {
  await ensureClusterSql(db);
  const membership = await startMembership({ db, env, nodeName, instanceId, log, onNameLost });
  const boss = await startBoss({ env, log });
  const lease = startLeaseKeeper({ db, env, nodeName, instanceId, membership, log });
  const singletons = startSingletons({ db, env, nodeName, lease, membership, log, boss });
  const jobs = await startJobRouter({ db, boss, env, nodeName, membership, log, lendPort });
  return {
    boss,
    membership,
    lease,
    async stop() {
      await jobs.stop();
      singletons.stop();
      await lease.stop();
      await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
      await membership.stop();
    },
  };
}
