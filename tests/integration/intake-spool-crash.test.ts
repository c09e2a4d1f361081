import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import snmp from "net-snmp";
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma, startEmbeddedPostgres, type TDb, type TEmbedded } from "../../lib/db/index.ts";
import { FAST_ENV, freePort } from "../support/cluster-harness.ts";
import { klaxonStart, type TKlaxonStart } from "../support/klaxon-start.ts";
import { AVAYA_TRAP, avayaVarbinds } from "../support/snmp-send.ts";
import { waitFor } from "../support/wait-for.ts";

const TRAPS = 1000;

/** Lines written to the node's spool files (each one an intake item). */
function spooledLines(spoolDir: string): number {
  let n = 0;
  for (const lane of readdirSync(spoolDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(path.join(spoolDir, lane.name)).filter((x) => x.endsWith(".log")))
      n += readFileSync(path.join(spoolDir, lane.name, f), "utf8")
        .split("\n")
        .filter(Boolean).length;
  }
  return n;
}

async function sendTraps(port: number, count: number): Promise<void> {
  const session = snmp.createSession("127.0.0.1", "public", { trapPort: port, version: snmp.Version2c });
  session.on("error", () => {});
  for (let i = 0; i < count; i++) {
    const varbinds = avayaVarbinds({
      productId: "1000000888",
      alarmNumber: String(i + 1),
      maintObject: "DS1-BD",
      port: `01A${i}`,
      alarmType: "MAJOR",
    });
    await new Promise<void>((resolve, reject) =>
      session.trap(`${AVAYA_TRAP}.2`, varbinds, (e: Error | null) => (e ? reject(e) : resolve())),
    );
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5));
  }
  session.close();
}

// The node's own words: what it received while the database was away survives a crash of the
// node, and is stored once when both are back (the reproduction, run for real).
describe("a crash while the database is away loses no trap", () => {
  const dataDir = path.resolve(".data", `spool-crash-${process.pid}`);
  const pgDir = path.join(dataDir, "server");
  let pg: TEmbedded | undefined;
  let db: TDb | undefined;
  const nodes: TKlaxonStart[] = [];
  afterAll(async () => {
    for (const n of nodes) n.killGroup();
    await db?.$disconnect();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stop PostgreSQL, send 1,000 traps, kill -9 the node, start PostgreSQL and the node: 1,000 alarms, each stored once", async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const pgPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    const env = { DATABASE_URL: pg.url, KLAXON_DATA_DIR: dataDir, NODE_NAME: "spool-node", ...FAST_ENV };
    const first = await klaxonStart(env);
    nodes.push(first);
    await first.ready();

    await pg.stop();
    await sendTraps(first.trapPort, TRAPS);
    const spoolDir = path.join(dataDir, "spool", "spool-node");
    await waitFor(async () => (spooledLines(spoolDir) >= TRAPS ? true : undefined), 30_000);
    first.killGroup("SIGKILL");
    await first.exited;

    pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    db = createPrisma(pg.url, 2);
    const second = await klaxonStart({ ...env, SNMP_TRAP_PORT: String(first.trapPort) });
    nodes.push(second);
    await second.ready();
    const where = { productId: "1000000888" };
    await waitFor(async () => ((await (db as TDb).alarm.count({ where })) >= TRAPS ? true : undefined), 60_000);
    // Give a double replay the time to show, then count every report.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await db.alarm.count({ where })).toBe(TRAPS);
    expect((await db.alarm.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(TRAPS);
    expect(second.output()).not.toMatch(/items dropped/);
  }, 300_000);
});
