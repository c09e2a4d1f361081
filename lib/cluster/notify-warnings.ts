import type { TDb } from "../db/index.ts";
import type { TNodeView } from "./cluster-view.ts";
import { canTake } from "./waiting-work.ts";

type THealth = { ok?: boolean; error?: string | null; failingSince?: string | null; failedInARow?: number; unreachable?: boolean };

/** This many email attempts failing in a row (refusals, not an unreachable server) is an outage. */
export const FAILED_EMAILS_IN_A_ROW = 5;

const when = (iso: unknown) => (typeof iso === "string" ? ` since ${iso.slice(0, 16).replace("T", " ")} UTC` : "");

/**
 * "Email cannot be sent" and "pager: no dial-out port", read straight from the database (the
 * dispatcher's SMTP health mark, pages waiting): lib/dispatch builds on lib/cluster, not the
 * other way round.
 */
export async function notifyWarnings(db: TDb, nodes: Pick<TNodeView, "state" | "roles" | "ports">[]): Promise<string[]> {
  const out: string[] = [];
  const [row] = await db.$queryRawUnsafe<{ value: THealth }[]>(`SELECT value FROM "Setting" WHERE key = 'smtp.health'`);
  const h = row?.value;
  // Unreachable: at once. Refusals: only when they are all that happens (one bad address is not an outage).
  if (h && h.ok === false && (h.unreachable || (h.failedInARow ?? 0) >= FAILED_EMAILS_IN_A_ROW)) {
    const why = h.unreachable ? "the SMTP server cannot be reached" : `the last ${h.failedInARow} attempts failed`;
    out.push(`Email cannot be sent: ${why}${when(h.failingSince)} (${(h.error ?? "unknown error").slice(0, 300)}).`);
  }

  const [pages] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Notification" WHERE channel = 'PAGER' AND status = 'PENDING'`,
  );
  const waiting = Number(pages?.n ?? 0);
  if (waiting > 0 && !nodes.some((n) => canTake(n, "pager-dial", "modem")))
    out.push(
      `Pager: no dial-out port: ${waiting} page${waiting === 1 ? "" : "s"} wait${waiting === 1 ? "s" : ""}, and no live node that may dial pagers has a dial-out modem port that is up.`,
    );
  return out;
}
