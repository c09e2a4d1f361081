/*
 * Telnet (RFC 854/855) for the client side of a SAT session, pure: bytes in, data and reply
 * bytes out. Options follow RFC 1143's rules in their simple form: we never ask first, we
 * answer each request once, and an answer that only confirms the state we are in gets no
 * reply, so two peers can never loop. What we agree to:
 *   the server may ECHO, SUPPRESS-GO-AHEAD and send BINARY (we read bytes either way);
 *   we will SUPPRESS-GO-AHEAD, and TERMINAL-TYPE when we have a type to name (RFC 1091);
 *   everything else is refused (DONT / WONT).
 * Data: IAC IAC is a 255 byte both ways; outside binary mode CR NUL reads as CR, and a CR we
 * send alone goes out as CR NUL, a lone LF as CR LF (the NVT end-of-line rule).
 */

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;

export const OPT = { BINARY: 0, ECHO: 1, SGA: 3, TTYPE: 24, NAWS: 31 } as const;
const TTYPE_IS = 0;
const TTYPE_SEND = 1;
/** Longest subnegotiation we keep; anything longer is noise and is cut. */
const MAX_SB = 512;

export type TTelnetOptions = {
  /** Answered to TERMINAL-TYPE SEND; without it TERMINAL-TYPE is refused. */
  terminalType?: string;
};

export type TTelnetReceived = {
  /** Application data, telnet commands removed. */
  data: Buffer;
  /** Bytes to send back at once (option answers). */
  reply: Buffer;
  /** What was negotiated in this chunk, for the transcript (`DO ECHO`, `WONT NAWS`, …). */
  notes: string[];
};

type TState = "data" | "iac" | "neg" | "sb" | "sb-iac";

const NAMES: Record<number, string> = {
  0: "BINARY",
  1: "ECHO",
  3: "SGA",
  5: "STATUS",
  6: "TIMING-MARK",
  24: "TTYPE",
  31: "NAWS",
  32: "TSPEED",
  33: "LFLOW",
  34: "LINEMODE",
  35: "XDISPLOC",
  36: "ENVIRON",
  39: "NEW-ENVIRON",
};
const VERBS: Record<number, string> = { [DO]: "DO", [DONT]: "DONT", [WILL]: "WILL", [WONT]: "WONT" };
const optName = (o: number) => NAMES[o] ?? String(o);

export class TelnetClientCodec {
  private state: TState = "data";
  private verb = 0;
  private sb: number[] = [];
  /** The last data byte was a CR: a NUL right after it is padding, not data. */
  private afterCr = false;
  /** Options the server has on (WILL accepted) and options we have on (DO accepted). */
  private readonly remoteOn = new Set<number>();
  private readonly localOn = new Set<number>();

  constructor(private readonly opts: TTelnetOptions = {}) {}

  /** The server is in binary mode for its data: CR NUL rules do not apply. */
  get remoteBinary(): boolean {
    return this.remoteOn.has(OPT.BINARY);
  }

  get serverEchoes(): boolean {
    return this.remoteOn.has(OPT.ECHO);
  }

  receive(chunk: Uint8Array): TTelnetReceived {
    const data: number[] = [];
    const reply: number[] = [];
    const notes: string[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case "data":
          if (b === IAC) this.state = "iac";
          else if (b === 0 && this.afterCr && !this.remoteBinary) this.afterCr = false;
          else {
            data.push(b);
            this.afterCr = b === 13;
          }
          break;
        case "iac":
          this.state = "data";
          if (b === IAC) {
            data.push(IAC);
            this.afterCr = false;
          } else if (b === DO || b === DONT || b === WILL || b === WONT) {
            this.verb = b;
            this.state = "neg";
          } else if (b === SB) {
            this.sb = [];
            this.state = "sb";
          }
          // NOP, DM, GA, AYT, … carry nothing a SAT client acts on.
          break;
        case "neg":
          this.state = "data";
          notes.push(`${VERBS[this.verb]} ${optName(b)}`);
          reply.push(...this.negotiate(this.verb, b));
          break;
        case "sb":
          if (b === IAC) this.state = "sb-iac";
          else if (this.sb.length < MAX_SB) this.sb.push(b);
          break;
        case "sb-iac":
          if (b === SE) {
            this.state = "data";
            reply.push(...this.subnegotiation(this.sb, notes));
          } else {
            if (this.sb.length < MAX_SB) this.sb.push(b);
            this.state = "sb";
          }
          break;
      }
    }
    return { data: Buffer.from(data), reply: Buffer.from(reply), notes };
  }

  private acceptRemote(o: number): boolean {
    return o === OPT.ECHO || o === OPT.SGA || o === OPT.BINARY;
  }

  private acceptLocal(o: number): boolean {
    return o === OPT.SGA || (o === OPT.TTYPE && !!this.opts.terminalType);
  }

  private negotiate(verb: number, o: number): number[] {
    switch (verb) {
      case WILL:
        if (this.remoteOn.has(o)) return [];
        if (!this.acceptRemote(o)) return [IAC, DONT, o];
        this.remoteOn.add(o);
        return [IAC, DO, o];
      case WONT:
        // A refusal of something that is off needs no answer (it may be their answer to us).
        if (!this.remoteOn.delete(o)) return [];
        return [IAC, DONT, o];
      case DO:
        if (this.localOn.has(o)) return [];
        if (!this.acceptLocal(o)) return [IAC, WONT, o];
        this.localOn.add(o);
        return [IAC, WILL, o];
      case DONT:
        if (!this.localOn.delete(o)) return [];
        return [IAC, WONT, o];
      default:
        return [];
    }
  }

  private subnegotiation(sb: number[], notes: string[]): number[] {
    const [o, cmd] = sb;
    if (o === OPT.TTYPE && cmd === TTYPE_SEND && this.localOn.has(OPT.TTYPE) && this.opts.terminalType) {
      notes.push(`SB TTYPE SEND → IS ${this.opts.terminalType}`);
      return [IAC, SB, OPT.TTYPE, TTYPE_IS, ...escapeIac(Buffer.from(this.opts.terminalType, "latin1")), IAC, SE];
    }
    notes.push(`SB ${optName(o ?? -1)} ignored`);
    return [];
  }

  /** Application text to wire bytes: IAC doubled; outside binary mode CR alone → CR NUL, LF alone → CR LF. */
  encode(text: string | Uint8Array): Buffer {
    const bytes = typeof text === "string" ? Buffer.from(text, "latin1") : text;
    const binary = this.localOn.has(OPT.BINARY);
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b === IAC) out.push(IAC, IAC);
      else if (!binary && b === 13 && bytes[i + 1] === 10) {
        out.push(13, 10);
        i++;
      } else if (!binary && b === 13) out.push(13, 0);
      else if (!binary && b === 10) out.push(13, 10);
      else out.push(b);
    }
    return Buffer.from(out);
  }
}

export function escapeIac(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return out;
}
