/** A byte pipe to a SAT: a telnet socket, an SSH shell, a modem data call. Text is latin1. */
export type TSatTransport = {
  /** What it is, for transcripts and task records: "telnet 10.1.2.3:5023", "modem /dev/ttyS0 → 5551234". */
  readonly label: string;
  /** What the Enter key sends on this transport. */
  readonly enter: string;
  write(text: string): void;
  /** Only one handler: a later call replaces it. */
  onData(handler: (text: string) => void): void;
  /** Called once when the far end closes, the call drops, or the link fails. */
  onClose(handler: (reason: string) => void): void;
  /** Ends the connection (hangs up a call); never throws. */
  close(): Promise<void>;
};

/** Per-step time limits of a session, in milliseconds. */
export type TSatTimeouts = {
  /** Waiting for the cluster-wide session lease of the system. */
  lock: number;
  /** TCP connect, SSH handshake and authentication. */
  connect: number;
  /** ATDT until CONNECT. */
  dial: number;
  /** pppd until the link is up with a peer address. */
  ppp: number;
  /** Each login step: Login, Password, Terminal Type, the OSSI prompt. */
  login: number;
  /** One OSSI command until its closing `t`. */
  command: number;
  logoff: number;
  /** Silence after which a prompt at the end of the text is taken as a prompt. */
  promptQuiet: number;
  /** Silence within a login step after which it gets one nudge: a CR for a Login prompt, a `t` for the OSSI prompt. */
  nudge: number;
};

export const DEFAULT_TIMEOUTS: TSatTimeouts = {
  lock: 30_000,
  connect: 15_000,
  dial: 60_000,
  ppp: 60_000,
  login: 20_000,
  command: 120_000,
  logoff: 10_000,
  promptQuiet: 60,
  nudge: 3_000,
};
