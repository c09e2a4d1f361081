import {
  customerOptions,
  defaultPbxData,
  displayAlarms,
  displayErrors,
  displayTime,
  fail,
  listConfiguration,
  listStation,
  maintenanceParameters,
  ossiLines,
  statusStation,
  type TOssiTable,
  type TPbxData,
  testAlarmsClear,
  testLocation,
} from "./pbx-sat-data.ts";
import type { PbxInadsOriginator } from "./pbx-inads.ts";
import type { PbxSnmpOriginator } from "./pbx-snmp.ts";

/** Scripted faults; change them at any time, they apply from the next thing the PBX does. */
export type TSatFaults = {
  /** Every password is wrong ("Login incorrect", Login: again). */
  wrongPassword?: boolean;
  /** Delay before every prompt and answer. */
  slowMs?: number;
  /** Hang up when reaching this point of a session. */
  hangupAt?: "login" | "password" | "terminal-type" | "command";
  /** Answer a new session with "Login resources unavailable" and hang up. */
  noLoginPort?: boolean;
  /** Line noise: in the banner (login still works), instead of every prompt, or instead of command answers. */
  garbage?: "banner" | "prompts" | "answers";
  /** Send output in pieces of this many bytes (prompts split across reads). */
  chunkBytes?: number;
  /** Line end of the PBX's output (default CRLF). */
  lineEnd?: "\r\n" | "\n" | "\r";
  /** Prompts in upper case ("LOGIN:"). */
  upperCase?: boolean;
  /** Show the banner, then wait for a CR before the first Login: prompt (terminal servers, data modules). */
  loginOnEnter?: boolean;
  /** No `t` prompt after the terminal type: the first sign of OSSI mode is the answer to a lone `t`. */
  noTPrompt?: boolean;
  /** Echo every input line back (not passwords), as a terminal server in echo mode does. */
  echo?: boolean;
  /** Modem faults: the line is busy, rings without answer, answers without carrier. */
  busy?: boolean;
  noAnswer?: boolean;
  noCarrier?: boolean;
};

export type TTestAlarmSender = () => Promise<unknown>;

/** `test inads-link` on a system that reports by modem: an INADS call carrying one TST record. */
export function testAlarmByInads(caller: PbxInadsOriginator, receiverNumber: string): TTestAlarmSender {
  let seq = 0;
  return async () => {
    seq = (seq % 99) + 1;
    const r = await caller.call(receiverNumber, [caller.record(seq, { type: "TST" })]);
    if (r.outcome !== "completed") throw new Error(`test alarm call ${r.outcome}${r.connectResult ? ` (${r.connectResult})` : ""}`);
  };
}

/** `test inads-link` on a system that reports by SNMP: a test alarm trap. */
export const testAlarmBySnmp =
  (snmp: PbxSnmpOriginator): TTestAlarmSender =>
  () =>
    snmp.testAlarm();

export type TPbxSatOptions = {
  productId: string;
  users?: Record<string, string>;
  data?: Partial<TPbxData>;
  /** Login ports: sessions beyond this get "Login resources unavailable". */
  loginPorts?: number;
  /** Real-time multiplier for `test inads-link` (0.001: the 2-minute wait takes 120 ms). */
  timeScale?: number;
  /** How the test alarm of `test inads-link` leaves the PBX (an INADS call or an SNMP trap). */
  sendTestAlarm?: TTestAlarmSender;
  faults?: TSatFaults;
};

const BANNER = "\r\n\r\nAvaya Communication Manager (Klaxon simulator)\r\n";
const NOISE = "~\x7f#\x13\x11\xfe;;+++ATH\x18\x1a";
/** A CM places the test call about two minutes after the command. */
const INADS_TEST_DELAY_MS = 120_000;

/** One end of a session as the terminal sees it. */
export type TSatLink = { write(text: string): void; hangup(): void };

/**
 * A Communication Manager's SAT: login dialogue, terminal types, OSSI commands, logoff,
 * `test inads-link`, scripted faults. Transports (telnet, SSH, modem) feed it decoded text.
 */
export class PbxSat {
  readonly data: TPbxData;
  readonly users: Record<string, string>;
  faults: TSatFaults;
  /** Every command run, in order ("display alarms"). */
  readonly commands: string[] = [];
  /** Test alarms sent by `test inads-link`. */
  testAlarmsSent = 0;
  private inadsTestRunning = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private active = 0;
  private peak = 0;

  constructor(readonly opts: TPbxSatOptions) {
    this.data = { ...defaultPbxData(opts.productId), ...opts.data };
    this.users = opts.users ?? { craft: "crftpw01" };
    this.faults = opts.faults ?? {};
  }

  /** Sessions logged in at once, now and at most. */
  get sessions(): { active: number; peak: number } {
    return { active: this.active, peak: this.peak };
  }

  /** Starts a session on a fresh connection; `preAuthenticated` for SSH servers that go straight to the terminal type. */
  open(link: TSatLink, { preAuthenticated = false }: { preAuthenticated?: boolean } = {}): SatTerminal {
    return new SatTerminal(this, link, preAuthenticated);
  }

  claimPort(): boolean {
    if (this.faults.noLoginPort || this.active >= (this.opts.loginPorts ?? 4)) return false;
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    return true;
  }

  releasePort(): void {
    this.active = Math.max(0, this.active - 1);
  }

  execute(command: string): TOssiTable {
    this.commands.push(command);
    const words = command.trim().toLowerCase().split(/\s+/);
    const [verb = "", obj = "", a1 = "", a2 = ""] = words;
    const rest = words.slice(2).join(" ");
    const d = this.data;
    switch (`${verb} ${obj}`) {
      case "display alarms":
        return displayAlarms(d);
      case "display errors":
        return displayErrors(d);
      case "display time":
        return displayTime(d.now?.() ?? new Date());
      case "list station":
        return listStation(d);
      case "status station":
        return statusStation(d, a1);
      case "list configuration":
        return rest === "all" || rest === "" ? listConfiguration(d) : fail(`${rest} is an invalid entry`);
      case "display system-parameters":
        if (rest === "customer-options") return customerOptions(d);
        if (rest === "maintenance") return maintenanceParameters(d, { first: "18005550100", second: "" });
        return fail(`${rest || "(none)"} is an invalid entry`);
      case "test inads-link":
        return this.inadsTest(a1);
      case "test board":
        return testLocation(d, a1, "board", a2);
      case "test port":
        return testLocation(d, a1, "port", a2);
      case "test alarms":
        return a1 === "clear" ? testAlarmsClear(d) : fail(`${a1 || "(none)"} is an invalid entry`);
      default:
        return fail(`${verb || "(empty)"} ${obj} is an invalid command`.trim(), "00000000");
    }
  }

  private inadsTest(which: string): TOssiTable {
    if (which && which !== "1" && which !== "2") return fail(`${which} is an invalid entry; enter 1 or 2`, "0001ff00");
    if (this.inadsTestRunning) return fail("Command failed: an INADS link test is already running", "0001ff00");
    this.inadsTestRunning = true;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        void (this.opts.sendTestAlarm?.() ?? Promise.resolve())
          .then(() => {
            this.testAlarmsSent++;
          })
          .catch(() => undefined)
          .finally(() => {
            this.inadsTestRunning = false;
          });
      },
      INADS_TEST_DELAY_MS * (this.opts.timeScale ?? 1),
    );
    this.timers.add(t);
    return { fields: ["0001ff00"], rows: [["Command successfully completed"]] };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

type TTermState = "login" | "password" | "terminal-type" | "ossi" | "screen" | "logoff" | "closed";

/** One SAT session (one login port). */
export class SatTerminal {
  private state: TTermState = "login";
  private awake = false;
  private user = "";
  private attempts = 0;
  private partial = "";
  private lastCr = false;
  private pending: { command: string | null; fields: string[]; data: string[] } = { command: null, fields: [], data: [] };
  private out: Promise<void> = Promise.resolve();
  private hasPort = false;

  constructor(
    private readonly pbx: PbxSat,
    private readonly link: TSatLink,
    preAuthenticated: boolean,
  ) {
    if (!pbx.claimPort()) {
      this.say(`${BANNER}Login resources unavailable\r\n`);
      this.hangup();
      return;
    }
    this.hasPort = true;
    const f = pbx.faults;
    this.say(f.garbage === "banner" ? `${NOISE}${BANNER}${NOISE}\r\n` : BANNER);
    if (preAuthenticated) this.askTerminalType();
    else if (f.loginOnEnter) this.state = "login";
    else this.wake();
  }

  /** Decoded text from the client. CR, LF, CRLF and CR NUL each end one line. */
  input(text: string): void {
    for (const ch of text) {
      if (this.state === "closed") return;
      if ((ch === "\n" || ch === "\0") && this.lastCr) {
        this.lastCr = false;
        continue;
      }
      this.lastCr = ch === "\r";
      if (ch === "\r" || ch === "\n") {
        const line = this.partial;
        this.partial = "";
        this.line(line);
      } else if (ch === "\b" || ch === "\x7f") this.partial = this.partial.slice(0, -1);
      else if (this.partial.length < 4096) this.partial += ch;
    }
  }

  /** The connection went away. */
  ended(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    if (this.hasPort) this.pbx.releasePort();
  }

  private get eol(): string {
    return this.pbx.faults.lineEnd ?? "\r\n";
  }

  private text(s: string): string {
    return (this.pbx.faults.upperCase ? s.toUpperCase() : s).replace(/\r\n/g, this.eol);
  }

  private say(s: string): void {
    const f = this.pbx.faults;
    const text = this.text(s);
    this.out = this.out.then(async () => {
      if (f.slowMs) await new Promise((r) => setTimeout(r, f.slowMs));
      const n = f.chunkBytes ?? 0;
      if (n <= 0) {
        this.link.write(text);
        return;
      }
      for (let i = 0; i < text.length; i += n) {
        if (this.state === "closed") return;
        this.link.write(text.slice(i, i + n));
        await new Promise((r) => setImmediate(r));
      }
    });
  }

  private hangup(): void {
    this.out = this.out.then(() => {
      this.ended();
      this.link.hangup();
    });
  }

  private prompt(p: string, state: TTermState): void {
    this.state = state;
    if (this.pbx.faults.hangupAt === state) {
      this.hangup();
      return;
    }
    if (this.pbx.faults.garbage === "prompts") {
      this.say(`${NOISE}\r\n`);
      return;
    }
    this.say(p);
  }

  private askTerminalType(): void {
    this.prompt("\r\nTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513] ", "terminal-type");
  }

  private echo(line: string): void {
    if (this.pbx.faults.echo) this.say(`${line}\r\n`);
  }

  private wake(): void {
    this.awake = true;
    this.prompt("Login: ", "login");
  }

  private line(line: string): void {
    switch (this.state) {
      case "login":
        if (!this.awake) {
          this.wake();
          return;
        }
        this.echo(line);
        this.user = line.trim();
        this.prompt("Password: ", "password");
        return;
      case "password":
        this.say("\r\n");
        if (this.pbx.users[this.user] !== undefined && this.pbx.users[this.user] === line && !this.pbx.faults.wrongPassword) {
          this.askTerminalType();
          return;
        }
        this.attempts++;
        this.say("Login incorrect\r\n");
        if (this.attempts >= 3) {
          this.hangup();
          return;
        }
        this.prompt("Login: ", "login");
        return;
      case "terminal-type":
        this.terminalType(line.trim());
        return;
      case "ossi":
        this.ossiLine(line);
        return;
      case "screen":
        this.screenLine(line.trim());
        return;
      case "logoff":
        if (/^y/i.test(line.trim())) {
          this.say("\r\n");
          this.hangup();
          return;
        }
        this.say("t\r\n");
        this.state = "ossi";
        return;
      case "closed":
        return;
    }
  }

  private terminalType(type: string): void {
    this.echo(type);
    const t = (type || "513").toLowerCase();
    if (/^ossi[34]?$/.test(t)) {
      this.state = "ossi";
      if (!this.pbx.faults.noTPrompt) this.say("t\r\n");
      return;
    }
    if (["513", "715", "4410", "4425", "vt220", "ntt", "w2ktt", "sunt"].includes(t)) {
      this.state = "screen";
      this.say("\r\nCommand: ");
      return;
    }
    this.say(`\r\n${type} is an invalid terminal type\r\n`);
    this.askTerminalType();
  }

  private ossiLine(raw: string): void {
    this.echo(raw);
    const line = raw.replace(/^\s+/, "");
    const kind = line[0]?.toLowerCase();
    const rest = line.slice(1);
    if (kind === "c") {
      this.pending = { command: rest.trim(), fields: [], data: [] };
      return;
    }
    if (kind === "f") {
      this.pending.fields.push(...rest.split("\t").map((s) => s.trim()));
      return;
    }
    if (kind === "d") {
      this.pending.data.push(...rest.split("\t"));
      return;
    }
    if (kind !== "t" || line.trim().length !== 1) return;
    const { command, fields } = this.pending;
    this.pending = { command: null, fields: [], data: [] };
    if (command === null) {
      this.say("Terminator received but no command active\r\nt\r\n");
      return;
    }
    this.run(command, fields);
  }

  private run(command: string, fields: string[]): void {
    const f = this.pbx.faults;
    if (f.hangupAt === "command") {
      this.hangup();
      return;
    }
    if (/^(logoff|logout)$/i.test(command)) {
      this.state = "logoff";
      this.say("\r\nProceed With Logoff? [n] ");
      return;
    }
    if (/^newterm$/i.test(command)) {
      this.askTerminalType();
      return;
    }
    if (f.garbage === "answers") {
      this.say(`${NOISE}\r\n${NOISE}\r\n`);
      return;
    }
    const table = selectFields(this.pbx.execute(command), fields);
    this.say(`${[...ossiLines(table), "t"].join("\r\n")}\r\n`);
  }

  private screenLine(command: string): void {
    if (!command) {
      this.say("\r\nCommand: ");
      return;
    }
    if (/^(logoff|logout)$/i.test(command)) {
      this.state = "logoff";
      this.say("\r\nProceed With Logoff? [n] ");
      return;
    }
    const table = this.pbx.execute(command);
    const body =
      "errors" in table
        ? table.errors.map((e) => e.message).join("\r\n")
        : `${table.rows.map((r) => r.join("  ")).join("\r\n")}\r\n\r\nCommand successfully completed`;
    this.say(`\r\n${body}\r\nCommand: `);
  }
}

/** `f` lines in a request choose which fields come back, in that order. */
function selectFields(table: TOssiTable, wanted: string[]): TOssiTable {
  if ("errors" in table || wanted.length === 0) return table;
  const idx = wanted.map((w) => table.fields.findIndex((f) => f.toLowerCase() === w.toLowerCase()));
  const bad = wanted.find((_, i) => idx[i] === -1);
  if (bad) return fail(`${bad} is an invalid field for this command`, bad);
  return { fields: wanted, rows: table.rows.map((r) => idx.map((i) => r[i] ?? "")) };
}
