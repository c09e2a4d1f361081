import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { ensureClusterSql } from "../../lib/cluster/index.ts";
import { createPrisma, type TDb } from "../../lib/db/index.ts";
import { callerAs } from "../support/api-caller.ts";
import { ClusterHarness, primaryWithAction, waitUntil } from "../support/cluster-harness.ts";
import { freeUdpPort } from "../support/klaxon-start.ts";
import { startSmtpCatcher, type TSmtpCatcher } from "../support/smtp-catcher.ts";
import { createTestDatabase, startTestServer } from "../support/test-pg.ts";
import { BENCH_STAMP_OID } from "./bench-stamp.ts";

const SENDER = path.join(import.meta.dirname, "trap-sender.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number) : Number.NaN;
// Every trap a new alarm: the sender's fields repeat only after 43,650 traps (see trap-sender.ts).
const DISTINCT = 40_000;

/** The trap sender as a child process; `stop()` ends it early (the kill phase runs it until told). */
function startSender(port: number, rate: number, seconds: number, tag: string): { done: Promise<void>; child: ChildProcess } {
  const child = spawn(process.execPath, ["--import", "tsx", SENDER, String(port), String(rate), String(seconds), String(DISTINCT), tag], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { child, done: new Promise((r) => child.once("exit", () => r())) };
}

/** Alarm id → trap send time (the sender's stamp varbind), for alarms whose product ID starts with `tag`. */
async function stamps(db: TDb, tag: string): Promise<Map<string, number>> {
  const rows = await db.$queryRawUnsafe<{ id: number; stamp: string | null }[]>(
    `SELECT a.id, (SELECT v->>'value' FROM jsonb_array_elements(a.raw->'varbinds') v WHERE v->>'oid' = $1 LIMIT 1) AS stamp
     FROM "Alarm" a WHERE a."productId" LIKE $2`,
    BENCH_STAMP_OID,
    `${tag}%`,
  );
  return new Map(rows.map((r) => [String(r.id), Number(r.stamp)]));
}

/** The first mail of each alarm in `ids` (alarm id → time accepted) and trap → mail latencies, sorted. */
function firstMails(smtp: TSmtpCatcher, ids: Map<string, number>) {
  const first = new Map<string, number>();
  for (const m of smtp.mails) {
    const id = m.headers.get("x-klaxon-alarm") ?? "";
    if (ids.has(id) && !first.has(id)) first.set(id, m.at);
  }
  const lat = [...first.entries()].map(([id, at]) => at - (ids.get(id) ?? Number.NaN)).sort((a, b) => a - b);
  return { first, lat };
}

const mailedAlarm = (smtp: TSmtpCatcher, from = 0) => new Set(smtp.mails.slice(from).map((m) => m.headers.get("x-klaxon-alarm") ?? ""));

/**
 * `npm run bench -- notify [seconds=60] [rate=100] [kills=10] [pages=64] [killRate=20] [warmup=10]`: the dispatcher end to end.
 * Three real node processes (workers/node-worker.ts, the worker `klaxon start` runs) on one
 * database: "intake" (not primary-eligible) receives the traps on its UDP port, "a" and "b" may
 * be primary and run the dispatcher; a real SMTP server (smtp-server) accepts the mail. One
 * policy mails every alarm to one contact at level 1 (0 s).
 * 0. Warm-up: `rate` traps/s for `warmup` s on the just-started nodes, reported on its own.
 * 1. Latency: `rate` Avaya traps/s for `seconds`, each a new alarm; trap sent (stamp varbind) →
 *    mail accepted by the SMTP server, p50/p99/max.
 * 2. Kills: traps keep flowing at `killRate`/s while the primary is SIGKILLed `kills` times (restarted
 *    each time, so two dispatcher-capable nodes stay up). Then every stored alarm must be mailed:
 *    lost = stored alarms never mailed, duplicates = extra mails per (alarm, level, contact, channel).
 * 3. Pagers: the `pager` bench (TAP pages per minute through 8 simulated modems), `pages` pages;
 *    0 skips it.
 */
export async function run(args: string[]): Promise<void> {
  const seconds = Number(args[0] ?? 60);
  const rate = Number(args[1] ?? 100);
  const kills = Number(args[2] ?? 10);
  const pages = Number(args[3] ?? 64);
  // Below the dispatcher's mail rate on this machine, so the backlog after the kills stays short.
  const killRate = Number(args[4] ?? 20);
  const warmup = Number(args[5] ?? 10);
  console.log(`notify bench: ${rate} traps/s for ${seconds} s, ${kills} primary kills, ${pages} TAP pages`);
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );

  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl, "bench_notify", server.template);
  const db = createPrisma(database.url, 4);
  await ensureClusterSql(db);
  const smtp = await startSmtpCatcher();
  const trapPort = await freeUdpPort();
  // The nodes' own data directory: a shared one would replay another run's spooled traps here.
  const dataDir = mkdtempSync(path.join(tmpdir(), "klaxon-bench-notify-"));
  // Production lease timings, as the failover bench: a kill is noticed after the 2 s TTL.
  const h = new ClusterHarness(database.url, {
    // Production timings (the defaults), not the tests' fast polling, which costs CPU the dispatcher would get.
    LEASE_RENEW_MS: "1000",
    LEASE_TTL_MS: "2000",
    LEASE_HOLDDOWN_MS: "10000",
    LOG_LEVEL: "info",
    KLAXON_DATA_DIR: dataDir,
  });
  let sender: ChildProcess | undefined;
  try {
    const admin = callerAs(db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "klaxon@example.com" });
    const contact = await admin.contact.create({ name: "NOC", email: "noc@example.com" });
    await admin.escalation.create({ name: "every alarm", levels: [{ afterSec: 0, contactIds: [contact.id], channels: ["EMAIL"] }] });

    await Promise.all(["a", "b"].map((n) => h.startReady(n)));
    await waitUntil(() => primaryWithAction(db), 60_000);
    await h.startReady("intake", { SNMP_TRAP_PORT: String(trapPort) });
    await db.nodeRole.updateMany({ where: { node: { name: "intake" } }, data: { primaryEligible: false } });
    await sleep(1500); // the role reaches the node with its next heartbeat

    // 0. Warm-up: just-started processes are slow for their first seconds (JIT, first plans of
    // every query, pools); a node in service is past that. Reported, not mixed into phase 1.
    if (warmup > 0) {
      const tag0 = "700000";
      const s0 = startSender(trapPort, rate, warmup, tag0);
      sender = s0.child;
      await s0.done;
      const ids0 = await waitUntil(
        async () => {
          const ids = await stamps(db, tag0);
          return ids.size >= rate * warmup * 0.99 && [...ids.keys()].every((id) => mailedAlarm(smtp).has(id)) ? ids : null;
        },
        120_000,
        500,
      ).catch(() => stamps(db, tag0));
      const { first: firstMail0, lat: lat0 } = firstMails(smtp, ids0);
      console.log(
        `\n0. warm-up, nodes just started: ${rate} traps/s for ${warmup} s, ${firstMail0.size} of ${ids0.size} mailed, latency ms p50 ${pct(lat0, 50).toFixed(0)} p99 ${pct(lat0, 99).toFixed(0)}`,
      );
    }

    // 1. Latency at a steady rate.
    const tag1 = "710000";
    const s1 = startSender(trapPort, rate, seconds, tag1);
    sender = s1.child;
    await s1.done;
    const sent1 = rate * seconds;
    const stored1 = await waitUntil(
      async () => {
        const n = await db.alarm.count({ where: { productId: { startsWith: tag1 } } });
        await sleep(1000);
        return n === (await db.alarm.count({ where: { productId: { startsWith: tag1 } } })) ? n : null;
      },
      60_000,
      0,
    );
    const ids1 = await stamps(db, tag1);
    await waitUntil(async () => [...ids1.keys()].every((id) => mailedAlarm(smtp).has(id)) || null, 600_000, 500).catch(() => null);
    const { first: firstMail, lat } = firstMails(smtp, ids1);
    // From the data, not the clock of this loop (which polls every 500 ms over every mail).
    const lastMail = Math.max(...firstMail.values());
    console.log(`   (last trap sent → last mail: ${((lastMail - Math.max(...ids1.values())) / 1000).toFixed(1)} s)`);
    console.log(`\n1. trap → mail accepted by SMTP (${rate} traps/s for ${seconds} s, 3 nodes, dispatcher on the primary)`);
    console.log(`   traps sent ${sent1}, alarms stored ${stored1}, mailed ${firstMail.size}, not mailed ${stored1 - firstMail.size}`);
    console.log(
      `   latency ms: p50 ${pct(lat, 50).toFixed(0)} p99 ${pct(lat, 99).toFixed(0)} max ${(lat[lat.length - 1] ?? Number.NaN).toFixed(0)}`,
    );
    // Where the time goes: trap → stored (intake), stored → planned (dispatcher), planned → accepted (mail).
    const stages = await db.$queryRawUnsafe<{ id: number; stored: Date; planned: Date; sent: Date | null }[]>(
      `SELECT a.id, (SELECT min(e.at) FROM "AlarmEvent" e WHERE e."alarmId" = a.id) AS stored, d."createdAt" AS planned,
              (SELECT min(n."sentAt") FROM "Notification" n WHERE n."alarmId" = a.id) AS sent
       FROM "Alarm" a JOIN "AlarmDispatch" d ON d."alarmId" = a.id WHERE a."productId" LIKE $1`,
      `${tag1}%`,
    );
    const retried = await db.$queryRawUnsafe<{ attempts: number; n: number }[]>(
      `SELECT attempts, count(*)::int AS n FROM "Notification" n JOIN "Alarm" a ON a.id = n."alarmId"
       WHERE a."productId" LIKE $1 AND attempts > 1 GROUP BY 1 ORDER BY 1`,
      `${tag1}%`,
    );
    if (retried.length) console.log(`   sent only after retries: ${retried.map((r) => `${r.n}× ${r.attempts} attempts`).join(", ")}`);
    const stage = (f: (r: (typeof stages)[number]) => number) => {
      const v = stages
        .map(f)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return `p50 ${pct(v, 50).toFixed(0)} p99 ${pct(v, 99).toFixed(0)}`;
    };
    console.log(
      `   stages ms: trap → stored ${stage((r) => r.stored.getTime() - (ids1.get(String(r.id)) ?? Number.NaN))}; stored → planned ${stage(
        (r) => r.planned.getTime() - r.stored.getTime(),
      )}; planned → sent ${stage((r) => (r.sent ? r.sent.getTime() - r.planned.getTime() : Number.NaN))}`,
    );
    // A backlog that builds up shows as latency growing over the run; a steady delay as a flat line.
    const t0 = Math.min(...ids1.values());
    const buckets = new Map<number, number[]>();
    for (const [id, at] of firstMail) {
      const sentAt = ids1.get(id) as number;
      const b = Math.floor((sentAt - t0) / (Math.max(seconds, 10) * 100));
      buckets.set(b, [...(buckets.get(b) ?? []), at - sentAt]);
    }
    console.log(
      `   p50 latency by tenth of the run ms: ${[...buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, v]) =>
          pct(
            v.sort((a, b) => a - b),
            50,
          ).toFixed(0),
        )
        .join(" ")}`,
    );
    console.log(`   load average: ${loadavg()[0]?.toFixed(1)}`);

    // 2. Kills of the primary while alarms flow.
    const tag2 = "720000";
    const mails0 = smtp.mails.length;
    const s2 = startSender(trapPort, killRate, 24 * 3600, tag2);
    sender = s2.child;
    const killTimes: number[] = [];
    const takeovers: number[] = [];
    for (let i = 0; i < kills; i++) {
      const before = await waitUntil(() => primaryWithAction(db), 60_000);
      const victim = before.holderName ?? "";
      // Let mail flow under this primary, then kill at a random point of its work.
      const seen = smtp.mails.length;
      await waitUntil(async () => smtp.mails.length >= seen + 50 || null, 60_000, 20);
      await sleep(Math.random() * 1000);
      killTimes.push(Date.now());
      h.get(victim).signal("SIGKILL");
      const after = await waitUntil(() => primaryWithAction(db, victim), 60_000, 20);
      takeovers.push(Date.now() - (killTimes[i] as number));
      console.log(
        `   kill ${i + 1}/${kills}: ${victim} -> ${after.holderName} (epoch ${before.epoch} -> ${after.epoch}) in ${takeovers[i]} ms`,
      );
      await h.get(victim).exited;
      await h.startReady(victim);
    }
    s2.child.kill("SIGTERM");
    await s2.done;
    sender = undefined;
    await sleep(2000);
    const ids2 = await stamps(db, tag2);
    const drainFrom = Date.now();
    const allMailed = await waitUntil(
      async () => [...ids2.keys()].every((id) => mailedAlarm(smtp, mails0).has(id)) || null,
      600_000,
      500,
    ).catch(() => false);
    console.log(`   backlog after the last kill mailed in ${((Date.now() - drainFrom) / 1000).toFixed(0)} s`);
    await sleep(3000); // anything still to come would be a duplicate
    const perKey = new Map<string, number[]>();
    const mails2 = smtp.mails.slice(mails0).filter((m) => ids2.has(m.headers.get("x-klaxon-alarm") ?? ""));
    const notifs = await db.notification.findMany({
      where: { id: { in: [...new Set(mails2.map((m) => Number(m.headers.get("x-klaxon-notification"))))] } },
      select: { id: true, alarmId: true, level: true, contactId: true, channel: true },
    });
    const keyOf = new Map(notifs.map((n) => [String(n.id), `${n.alarmId}/${n.level}/${n.contactId}/${n.channel}`]));
    for (const m of mails2) {
      const k = keyOf.get(m.headers.get("x-klaxon-notification") ?? "") ?? `?${m.headers.get("message-id")}`;
      perKey.set(k, [...(perKey.get(k) ?? []), m.at]);
    }
    const unmailed = [...ids2.keys()].filter((id) => !mailedAlarm(smtp, mails0).has(id)).map(Number);
    // Lost: an unmailed alarm with no notification still to be sent (none written, or given up on).
    // One still PENDING at the cut-off is late (queued behind the backlog), not lost.
    const [queued] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(DISTINCT "alarmId")::int AS n FROM "Notification" WHERE "alarmId" = ANY($1::int[]) AND status = 'PENDING'`,
      unmailed,
    );
    const late = Number(queued?.n ?? 0);
    const lost = unmailed.length - late;
    const lostIds = unmailed;
    if (unmailed.length > 0) {
      // Where the unmailed ones stand: planned or not, and their notifications' state.
      const why = await db.$queryRawUnsafe<{ state: string; n: number }[]>(
        `SELECT COALESCE(n.status::text || ' ' || COALESCE(n."lastError", ''), CASE WHEN d."alarmId" IS NULL THEN 'no dispatch row' ELSE 'no notification: ' || COALESCE(d.outcome, '') END) AS state, count(*)::int AS n
         FROM unnest($1::int[]) AS t(id) LEFT JOIN "AlarmDispatch" d ON d."alarmId" = t.id LEFT JOIN "Notification" n ON n."alarmId" = t.id
         GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
        lostIds,
      );
      console.log(`   not mailed: ${why.map((w) => `${w.n}× ${w.state}`).join("; ")}`);
    }
    const dupKeys = [...perKey.entries()].filter(([, ats]) => ats.length > 1);
    const duplicates = dupKeys.reduce((s, [, ats]) => s + ats.length - 1, 0);
    // A duplicate belongs to the last kill before its second arrival.
    const perKill = killTimes.map(() => 0);
    for (const [, ats] of dupKeys)
      for (const at of ats.slice(1)) {
        const k = killTimes.filter((t) => t <= at).length - 1;
        if (k >= 0) perKill[k] = (perKill[k] ?? 0) + 1;
      }
    const sameMid = dupKeys.every(([k]) => {
      const mids = new Set(
        mails2.filter((m) => keyOf.get(m.headers.get("x-klaxon-notification") ?? "") === k).map((m) => m.headers.get("message-id")),
      );
      return mids.size === 1;
    });
    const tk = [...takeovers].sort((a, b) => a - b);
    console.log(`\n2. ${kills} SIGKILLs of the primary while ${killRate} traps/s flow (2 dispatcher-capable nodes + intake node)`);
    console.log(`   alarms stored ${ids2.size}, mails ${mails2.length}, every alarm mailed: ${allMailed ? "yes" : "no"}`);
    console.log(
      `   lost ${lost}, still queued (PENDING) at the cut-off ${late}, duplicates ${duplicates} (per kill: ${perKill.join(" ")}; max ${Math.max(0, ...perKill)}), duplicates keep their Message-ID: ${sameMid ? "yes" : "NO"}`,
    );
    console.log(`   takeover ms (kill → new primary dispatching): min ${tk[0]} median ${pct(tk, 50)} max ${tk[tk.length - 1]}`);
    console.log(`   load average: ${loadavg()[0]?.toFixed(1)}`);
  } finally {
    sender?.kill("SIGTERM");
    await h.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    await smtp.close();
    await db.$disconnect();
    await database.drop();
    await server.stop();
  }

  // 3. Pagers: the pager bench (its own node, database and modems).
  if (pages > 0) {
    console.log(`\n3. TAP pages through 8 simulated modems (the pager bench)`);
    await (await import("./pager.ts")).run([String(pages)]);
  }
}
