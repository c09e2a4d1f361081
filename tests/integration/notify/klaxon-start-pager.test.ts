import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modemOnPty, type TPtyModem } from "../../sim/modem-on-pty.ts";
import { PagingTerminal } from "../../sim/paging-terminal.ts";
import { PhoneNetwork } from "../../sim/phone-network.ts";
import { openPtyPair, type TPtyPair } from "../../sim/pty-pair.ts";
import { callerAs } from "../../support/api-caller.ts";
import { freePort } from "../../support/cluster-harness.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { klaxonStart, type TKlaxonStart } from "../../support/klaxon-start.ts";
import { waitFor } from "../../support/wait-for.ts";

const TOKEN = "klx_pager_start_test_token_0123456789ab";
const TAP = "5550200";

describe("a node started as the README says pages an alarm sent the moment /api/health answers", () => {
  const t = useTestDatabase("klaxon_start_pager");
  const network = new PhoneNetwork({ ringIntervalMs: 300, connectDelayMs: 100 });
  const terminal = new PagingTerminal({ network, number: TAP });
  let node: TKlaxonStart | undefined;
  let pty: TPtyPair;
  let modem: TPtyModem;

  beforeAll(async () => {
    const admin = callerAs(t.db, "ADMIN");
    const c = await admin.contact.create({ name: "On call", pagerType: "TAP", pagerNumber: TAP, pagerId: "4001" });
    await admin.escalation.create({
      name: "majors to the pager",
      match: { severities: ["MAJOR"] },
      levels: [{ afterSec: 0, contactIds: [c.id], channels: ["PAGER"] }],
    });
    pty = await openPtyPair();
    modem = await modemOnPty(pty.modem, { network, number: "5550900", guardMs: 1000 });
  });
  afterAll(async () => {
    node?.kill();
    await node?.exited;
    terminal.close();
    await modem?.close();
    await pty?.stop();
  });

  it("klaxon start → /api/health → a dial-out port and alarm.ingest over HTTP → the page reaches the paging terminal", async () => {
    const port = await freePort();
    node = await klaxonStart({
      PORT: String(port),
      DATABASE_URL: t.url,
      NODE_NAME: "pager-start",
      LOG_LEVEL: "warn",
      KLAXON_BOOTSTRAP_TOKEN: TOKEN,
    });
    await node.ready(600_000);
    // The admin adds the node's modem (as on the Cluster page) and an alarm comes in, at once.
    const self = await t.db.clusterNode.findUniqueOrThrow({ where: { name: "pager-start" } });
    await t.db.modemPort.create({ data: { nodeId: self.id, device: pty.dte, purpose: "DIALOUT" } });
    const r = await fetch(`http://127.0.0.1:${port}/api/trpc/alarm.ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ alarms: [{ productId: "9100000002", severity: "MAJOR", maintObject: "TDM-BUS", port: "01A" }] }),
    });
    expect(r.status).toBe(200);
    const sent = await waitFor(
      async () => (await t.db.notification.findFirst({ where: { channel: "PAGER", status: { not: "PENDING" } } })) ?? undefined,
      120_000,
      200,
    );
    expect(sent.status).toBe("SENT");
    expect(terminal.pages).toHaveLength(1);
    expect(terminal.pages[0]).toMatchObject({ pagerId: "4001" });
    expect(terminal.pages[0]?.message).toContain("TDM-BUS");
    const run = await t.db.taskRun.findFirstOrThrow({ where: { kind: "PAGER_DIAL" } });
    expect(run).toMatchObject({ status: "PASSED", nodeName: "pager-start", port: pty.dte });
    expect((await node.health()).status).toBe(200);
  }, 700_000);
});
