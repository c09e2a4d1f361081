/** A send that failed; the message is one line a person can act on, the cause is nodemailer's error. */
export class MailError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "MailError";
  }
}

/** One line a person can act on, from a nodemailer / socket error ("refused 550 …", "timed out"). */
export function describeMailError(e: unknown): string {
  if (e instanceof MailError) return e.message;
  if (!(e instanceof Error)) return String(e);
  const err = e as Error & { code?: string; responseCode?: number; response?: string; command?: string };
  switch (err.code) {
    case "ECONNREFUSED":
      return `the SMTP server refused the connection (${err.message})`;
    case "ETIMEDOUT":
    case "ETIME":
      return `the SMTP server did not answer in time (${err.message})`;
    case "ECONNECTION":
      return `could not connect to the SMTP server (${err.message})`;
    case "EAUTH":
      return `the SMTP server refused the login: ${err.response ?? err.message}`;
    case "EENVELOPE":
      return `the SMTP server refused the recipient: ${err.response ?? err.message}`;
    case "EMESSAGE":
      return `the SMTP server refused the message: ${err.response ?? err.message}`;
  }
  if (err.responseCode) return `the SMTP server answered ${err.response ?? err.responseCode}${err.command ? ` to ${err.command}` : ""}`;
  return err.message;
}
