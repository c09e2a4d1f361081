import { describe, expect, it } from "vitest";
import { decodeTrap, dedupKeyOf, G3_COLUMNS } from "../../lib/alarms/index.ts";
import { inadsRecordToIntake } from "../../lib/alarms/inads/index.ts";
import { stepVerdict, type TCommandAnswer } from "../../lib/tasks/answers.ts";
import {
  commandsFor,
  diffReports,
  inadsCommandVerdict,
  reportCsv,
  ruleMatches,
  satCommandProblem,
  type TReportSection,
  ZCommandRuleInput,
} from "../../lib/tasks/index.ts";

const answer = (over: Partial<TCommandAnswer>): TCommandAnswer => ({
  command: "test board 01A05 short",
  ok: true,
  fields: [],
  rows: [],
  errors: [],
  messages: [],
  ms: 5,
  ...over,
});

describe("SAT commands Klaxon sends", () => {
  it("reading and testing commands pass; administration, session control and junk are refused with a sentence", () => {
    expect(satCommandProblem("display alarms")).toBeNull();
    expect(satCommandProblem("  test   board 01A05 short ")).toBeNull();
    expect(satCommandProblem("change station 1000")).toMatch(/"change" is not a command Klaxon sends/);
    expect(satCommandProblem("logoff now")).toMatch(/not allowed/);
    expect(satCommandProblem("display")).toMatch(/names no object/);
    expect(satCommandProblem("display alarms\x07")).toMatch(/printable ASCII, one line/);
    expect(satCommandProblem("")).toMatch(/empty/);
  });

  it("a command rule with an invalid step is refused, naming the step", () => {
    const r = ZCommandRuleInput.safeParse({
      name: "bad",
      steps: [
        { command: "test board", sendPortInfo: true, suffix: "short" },
        { command: "remove station", sendPortInfo: true },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^step 2: "remove station 01A05" is not allowed/);
    expect(
      ZCommandRuleInput.safeParse({ name: "x", steps: Array(7).fill({ command: "display alarms", sendPortInfo: false }) }).success,
    ).toBe(false);
  });
});

describe("command rules", () => {
  const rule = { enabled: true, maintObject: "DS1-BD|*-TRK", severities: ["MAJOR" as const], systemId: null, customerId: 4 };
  const alarm = { maintObject: "CO-TRK", severity: "MAJOR", systemId: 9, customerId: 4 };

  it("match by MO glob (alternatives, wildcards, any case), severity, customer and system", () => {
    expect(ruleMatches(rule, alarm)).toBe(true);
    expect(ruleMatches(rule, { ...alarm, maintObject: "ds1-bd" })).toBe(true);
    expect(ruleMatches(rule, { ...alarm, maintObject: "UDS1-BD" })).toBe(false);
    expect(ruleMatches(rule, { ...alarm, severity: "MINOR" })).toBe(false);
    expect(ruleMatches(rule, { ...alarm, customerId: 5 })).toBe(false);
    expect(ruleMatches({ ...rule, systemId: 8 }, alarm)).toBe(false);
    expect(ruleMatches({ ...rule, enabled: false }, alarm)).toBe(false);
    expect(ruleMatches({ enabled: true, maintObject: null, severities: [], systemId: null, customerId: null }, alarm)).toBe(true);
  });

  it("build each step's command with the alarm's port and suffix, or say why not", () => {
    const steps = [
      { command: "test board", sendPortInfo: true, suffix: "short" },
      { command: "display errors", sendPortInfo: false, suffix: null },
    ];
    expect(commandsFor(steps, "01A05")).toEqual({ commands: ["test board 01A05 short", "display errors"] });
    expect(commandsFor(steps, null)).toEqual({ problem: "step 1 (test board) sends the alarm's port, but the alarm has none" });
  });

  it("a step passes when taken and no result in its table failed", () => {
    expect(stepVerdict(answer({ fields: ["0005ff00"], rows: [{ "0005ff00": "PASS" }] })).passed).toBe(true);
    expect(stepVerdict(answer({ fields: ["0005ff00"], rows: [{ "0005ff00": "PASS" }, { "0005ff00": "FAIL" }] }))).toEqual({
      passed: false,
      summary: "1 of 2 results FAIL",
    });
    expect(
      stepVerdict(answer({ ok: false, errors: [{ codes: ["1"], fieldId: "0001ff00", message: "99Z99 is an invalid board location" }] })),
    ).toMatchObject({
      passed: false,
      summary: "the system refused 'test board 01A05 short': 99Z99 is an invalid board location (error 1)",
    });
  });
});

describe("INADS link test", () => {
  it("reads the system's answer to test inads-link wherever it is, any case", () => {
    const ok = answer({ command: "test inads-link", fields: ["0001ff00"], rows: [{ "0001ff00": "Command successfully completed" }] });
    expect(inadsCommandVerdict(ok)).toEqual({ accepted: true, said: "Command successfully completed" });
    expect(inadsCommandVerdict(answer({ messages: ["COMMAND FAILED"] })).accepted).toBe(false);
    expect(
      inadsCommandVerdict(answer({ ok: false, errors: [{ codes: ["1"], fieldId: null, message: "Command failed: a test is running" }] })),
    ).toEqual({ accepted: false, said: "Command failed: a test is running" });
  });

  it("a test alarm by trap (INADS Link MO or alarm type test) is a TEST alarm with the same key as an INADS TST record", () => {
    const vb = (oid: string, value: string) => ({ oid: `${oid}.3`, type: "OctetString", value });
    const d = decodeTrap({
      version: "v2c",
      pdu: "trap",
      community: "c",
      remote: "10.0.0.1:161",
      trapOid: "1.3.6.1.4.1.6889.1.8.1.0.3",
      varbinds: [vb(G3_COLUMNS.productId, "1000000001"), vb(G3_COLUMNS.maintObject, "INADS"), vb(G3_COLUMNS.alarmType, "MINOR")],
      receivedAt: new Date(),
    });
    const alarm = d.ok && d.item.kind === "raise" ? d.item.alarm : null;
    expect(alarm).toMatchObject({ source: "TEST", severity: "INFO", alarmType: "TEST", description: "TESTING INADS LINK" });
    const record = inadsRecordToIntake(
      {
        seq: 1,
        type: "TST",
        productId: "1000000001",
        maintObject: "",
        port: "",
        altName: "",
        alarmType: "",
        onBoard: "",
        alarmedAt: "",
      },
      "frame",
    );
    expect(record.kind === "raise" && dedupKeyOf(record.alarm)).toBe(alarm && dedupKeyOf(alarm));
  });
});

describe("configuration report diff", () => {
  const section = (command: string, rows: string[][], fields = ["0001ff00", "0002ff00"]): TReportSection => ({
    command,
    ok: true,
    fields,
    rows: rows.map((r) => Object.fromEntries(fields.map((f, i) => [f, r[i] ?? ""]))),
    errors: [],
    messages: [],
  });

  it("a first report has no changes", () => {
    expect(diffReports(null, [section("list station", [["1000", "8410"]])])).toEqual({ previousId: null, changes: [] });
  });

  it("names each changed field by row key, and rows and commands added or removed", () => {
    const before = [
      section("list station", [
        ["1000", "8410"],
        ["1001", "6408"],
      ]),
      section("list configuration all", [["01A05", "TN464F"]]),
    ];
    const after = [
      section("list station", [
        ["1001", "9611"],
        ["1002", "8410"],
      ]),
      section("display system-parameters maintenance", [["1000000001", "18005550100"]]),
    ];
    const d = diffReports({ id: 7, sections: before }, after);
    expect(d.previousId).toBe(7);
    expect(d.changes).toEqual([
      { command: "list station", change: "changed", row: "1001", field: "0002ff00", before: "6408", after: "9611" },
      { command: "list station", change: "added", row: "1002", values: { "0001ff00": "1002", "0002ff00": "8410" } },
      { command: "list station", change: "removed", row: "1000", values: { "0001ff00": "1000", "0002ff00": "8410" } },
      { command: "display system-parameters maintenance", change: "command-added" },
      { command: "list configuration all", change: "command-removed" },
    ]);
  });

  it("rows without a unique first field are compared by position", () => {
    const d = diffReports(
      {
        id: 1,
        sections: [
          section("display errors", [
            ["", "A"],
            ["", "B"],
          ]),
        ],
      },
      [
        section("display errors", [
          ["", "A"],
          ["", "C"],
        ]),
      ],
    );
    expect(d.changes).toEqual([{ command: "display errors", change: "changed", row: "#2", field: "0002ff00", before: "B", after: "C" }]);
  });

  it("CSV has one line per cell and keeps a spreadsheet from running a value as a formula", () => {
    const csv = reportCsv([section("list station", [["1000", "=HYPERLINK(1)"]])]);
    expect(csv).toBe("command,row,field,value\r\nlist station,1,0001ff00,1000\r\nlist station,1,0002ff00,'=HYPERLINK(1)\r\n");
  });
});
