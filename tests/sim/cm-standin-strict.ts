import net from "node:net";

/*
 * A second, deliberately different CM stand-in over telnet, written from RFC 854 and DOMAIN.md
 * alone (not from Klaxon's client or the main simulator), to catch a client that only works
 * against its own simulator:
 * - it opens with its own option requests (DO TERMINAL-TYPE, WILL ECHO, WILL SUPPRESS-GO-AHEAD,
 *   DO NAWS) and ignores whatever the client answers;
 * - input lines end in CR LF or CR NUL (the NVT end of line); nothing is trimmed;
 * - a lower-case `login: ` prompt, `Password: `, DOMAIN's terminal-type prompt;
 * - OSSI answers as real systems lay them out: at most five field IDs per `f` line and five values
 *   per `d` line, `n` between objects, `e` lines, `t`;
 * - logoff asks "Proceed With Logoff" and waits for `y`.
 */

const IAC = 0xff;
const SB = 250;
const SE = 240;
const CMDS_WITH_OPTION = new Set([251, 252, 253, 254]); // WILL WONT DO DONT

export type TStrictStandin = {
  port: number;
  /** Commands received in OSSI mode, as the `c` line carried them (after the `c`). */
  commands: string[];
  loggedOff: number;
  close(): Promise<void>;
};

type TObject = Record<string, string>;

const ALARM_FIDS = ["0001ff00", "0002ff00", "0004ff00", "0005ff00", "000eff00", "0006ff00", "0007ff00", "0008ff00"];
const ALARMS: TObject[] = [
  { "0001ff00": "01A0501", "0002ff00": "DS1-BD", "0004ff00": "", "0005ff00": "MAJOR", "000eff00": "12", "0006ff00": "06", "0007ff00": "09", "0008ff00": "41" },
  { "0001ff00": "01C1104", "0002ff00": "ANL-LINE", "0004ff00": "3104", "0005ff00": "MINOR", "000eff00": "12", "0006ff00": "07", "0007ff00": "01", "0008ff00": "05" },
];
const STATIONS: TObject[] = Array.from({ length: 30 }, (_, i) => ({ "8005ff00": String(4000 + i), "004fff00": i % 3 ? "9620" : "2420" }));

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** One answer: `f` lines of five IDs, then per object `d` lines of five values, `n` between, `t`. */
function answer(fids: string[], objects: TObject[]): string[] {
  const lines = chunks(fids, 5).map((c) => `f${c.join("\t")}`);
  objects.forEach((o, i) => {
    if (i > 0) lines.push("n");
    for (const c of chunks(fids, 5)) lines.push(`d${c.map((f) => o[f] ?? "").join("\t")}`);
  });
  lines.push("t");
  return lines;
}

export function startStrictStandin(users: Record<string, string>): Promise<TStrictStandin> {
  const commands: string[] = [];
  const state = { loggedOff: 0 };
  const open = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    open.add(sock);
    sock.on("close", () => open.delete(sock));
    let mode: "login" | "password" | "terminal" | "ossi" | "logoff" = "login";
    let user = "";
    const request: string[] = [];
    let line = "";
    let sawCr = false;
    let iac: number[] | null = null;
    let inSb = false;
    const say = (text: string) => sock.write(Buffer.from(text, "latin1"));
    const sayLines = (ls: string[]) => say(ls.map((l) => `${l}\r\n`).join(""));
    sock.write(Buffer.from([IAC, 253, 24, IAC, 251, 1, IAC, 251, 3, IAC, 253, 31]));
    say("\r\n\r\nlogin: ");

    const onLine = (l: string) => {
      switch (mode) {
        case "login":
          user = l;
          mode = "password";
          return say("Password: ");
        case "password":
          if (users[user] === undefined || users[user] !== l) {
            mode = "login";
            return say("\r\nLogin incorrect\r\nlogin: ");
          }
          mode = "terminal";
          return say("\r\nTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513] ");
        case "terminal":
          if (!/^ossi[34]?$/.test(l)) return say("\r\nTerminal Type (513, 715, 4410, 4425, VT220, NTT, W2KTT, SUNT): [513] ");
          mode = "ossi";
          return sayLines(["", "t"]);
        case "logoff":
          if (l === "y") {
            state.loggedOff++;
            sock.end();
          }
          return;
        case "ossi":
          if (l !== "t") {
            request.push(l);
            return;
          }
          return run(request.splice(0));
      }
    };
    const run = (req: string[]) => {
      const c = req.find((x) => x.startsWith("c"));
      if (!c) return sayLines(["e1 00000000 0 no command given", "t"]);
      const command = c.slice(1).replace(/^ +/, "");
      commands.push(command);
      if (command === "logoff") {
        mode = "logoff";
        return say("\r\nProceed With Logoff [n]? ");
      }
      if (command === "display alarms") return sayLines(answer(ALARM_FIDS, ALARMS));
      if (command === "list station") return sayLines(answer(["8005ff00", "004fff00"], STATIONS));
      if (command === "display time") return sayLines(answer(["0003ff00"], [{ "0003ff00": "2026" }]));
      return sayLines([`e1 00000000 0 ${command.split(" ")[0]} is an invalid entry; please press HELP`, "t"]);
    };

    sock.on("data", (buf: Buffer) => {
      for (const b of buf) {
        if (iac) {
          iac.push(b);
          if (iac.length === 2 && iac[1] === IAC) {
            iac = null; // IAC IAC: a data byte 255, which no SAT input has
          } else if (iac.length === 2 && iac[1] === SB) {
            inSb = true;
            iac = null;
          } else if (iac.length === 2 && iac[1] === SE) {
            inSb = false;
            iac = null;
          } else if (iac.length === 2 && !CMDS_WITH_OPTION.has(iac[1] as number)) {
            iac = null;
          } else if (iac.length === 3) iac = null;
          continue;
        }
        if (b === IAC) {
          iac = [b];
          continue;
        }
        if (inSb) continue;
        if (sawCr) {
          sawCr = false;
          // CR LF and CR NUL both end the line (RFC 854); a CR followed by anything else is a bare CR.
          if (b === 0x0a || b === 0x00) {
            onLine(line);
            line = "";
            continue;
          }
          line += "\r";
        }
        if (b === 0x0d) sawCr = true;
        else line += String.fromCharCode(b);
      }
    });
    sock.on("error", () => sock.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        commands,
        get loggedOff() {
          return state.loggedOff;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
