import net from "node:net";
import type { PbxSat, SatTerminal } from "./pbx-sat.ts";

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const ECHO = 1;
const SGA = 3;
const STATUS = 5;
const TTYPE = 24;
const NAWS = 31;
const LINEMODE = 34;

/**
 * The server side of telnet (RFC 854) as a CM's SAT port speaks it, written independently of
 * Klaxon's client codec: on connect it offers WILL ECHO, WILL SGA and WILL STATUS and asks DO
 * TTYPE, DO NAWS and DO LINEMODE; it reads IAC sequences split anywhere, answers each request
 * once (RFC 1143: no answer to a confirmation), asks TTYPE SEND when the client agrees, and
 * strips CR NUL. Everything the client negotiated is recorded for tests.
 */
export class TelnetServerCodec {
  private state: "data" | "iac" | "neg" | "sb" | "sb-iac" = "data";
  private verb = 0;
  private sb: number[] = [];
  private lastCr = false;
  private readonly localOn = new Set<number>();
  private readonly remoteOn = new Set<number>();
  /** What arrived from the client: "WILL TTYPE", "DONT STATUS", "TTYPE IS VT220", … */
  readonly heard: string[] = [];
  terminalType: string | null = null;

  /** What the server says first. */
  greeting(): Buffer {
    for (const o of [ECHO, SGA, STATUS]) this.localOn.add(o);
    return Buffer.from([IAC, WILL, ECHO, IAC, WILL, SGA, IAC, WILL, STATUS, IAC, DO, TTYPE, IAC, DO, NAWS, IAC, DO, LINEMODE]);
  }

  receive(chunk: Buffer): { text: string; reply: Buffer } {
    const text: number[] = [];
    const reply: number[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case "data":
          if (b === IAC) this.state = "iac";
          else if (b === 0 && this.lastCr) this.lastCr = false;
          else {
            text.push(b);
            this.lastCr = b === 13;
          }
          break;
        case "iac":
          if (b === IAC) {
            text.push(IAC);
            this.state = "data";
          } else if (b >= WILL && b <= DONT) {
            this.verb = b;
            this.state = "neg";
          } else if (b === SB) {
            this.sb = [];
            this.state = "sb";
          } else this.state = "data";
          break;
        case "neg":
          this.state = "data";
          reply.push(...this.negotiate(this.verb, b));
          break;
        case "sb":
          if (b === IAC) this.state = "sb-iac";
          else this.sb.push(b);
          break;
        case "sb-iac":
          if (b === SE) {
            this.state = "data";
            if (this.sb[0] === TTYPE && this.sb[1] === 0) {
              this.terminalType = Buffer.from(this.sb.slice(2)).toString("latin1");
              this.heard.push(`TTYPE IS ${this.terminalType}`);
            } else this.heard.push(`SB ${this.sb[0]}`);
          } else {
            this.sb.push(b);
            this.state = "sb";
          }
          break;
      }
    }
    return { text: Buffer.from(text).toString("latin1"), reply: Buffer.from(reply) };
  }

  private negotiate(verb: number, o: number): number[] {
    const name = `${({ [WILL]: "WILL", [WONT]: "WONT", [DO]: "DO", [DONT]: "DONT" } as Record<number, string>)[verb]} ${o}`;
    this.heard.push(name);
    switch (verb) {
      case WILL:
        if (this.remoteOn.has(o)) return [];
        if (o !== TTYPE) return [IAC, DONT, o];
        this.remoteOn.add(o);
        return [IAC, SB, TTYPE, 1, IAC, SE];
      case WONT:
        this.remoteOn.delete(o);
        return [];
      case DO:
        if (this.localOn.has(o)) return [];
        if (o !== ECHO && o !== SGA) return [IAC, WONT, o];
        this.localOn.add(o);
        return [IAC, WILL, o];
      case DONT:
        if (!this.localOn.delete(o)) return [];
        return [IAC, WONT, o];
      default:
        return [];
    }
  }

  /** Text to the client: IAC doubled, a lone LF stays (a CM writes CRLF itself), 0xFF noise survives. */
  encode(text: string): Buffer {
    const out: number[] = [];
    for (const b of Buffer.from(text, "latin1")) {
      out.push(b);
      if (b === IAC) out.push(IAC);
    }
    return Buffer.from(out);
  }
}

export type TSatTelnetServer = {
  port: number;
  /** Negotiation heard per connection, in connection order. */
  connections: TelnetServerCodec[];
  close(): Promise<void>;
};

/** The PBX's SAT on a TCP port (telnet). Listens on 127.0.0.1 and a free port unless told. */
export async function startSatTelnet(pbx: PbxSat, { port = 0, host = "127.0.0.1" } = {}): Promise<TSatTelnetServer> {
  const sockets = new Set<net.Socket>();
  const connections: TelnetServerCodec[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const codec = new TelnetServerCodec();
    connections.push(codec);
    socket.on("error", () => {});
    socket.write(codec.greeting());
    let terminal: SatTerminal | null = null;
    terminal = pbx.open({
      write: (t) => {
        if (!socket.destroyed) socket.write(codec.encode(t));
      },
      hangup: () => socket.end(),
    });
    socket.on("data", (chunk: Buffer) => {
      const r = codec.receive(chunk);
      if (r.reply.length) socket.write(r.reply);
      if (r.text) terminal?.input(r.text);
    });
    socket.on("close", () => {
      sockets.delete(socket);
      terminal?.ended();
      terminal = null;
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
