import type { IncomingHttpHeaders } from "node:http";

/**
 * What the node's web server checks and sets on every request before Next.js sees it
 * (workers/web-server.ts). Plain functions of method, URL and headers, so they are tested
 * without a server.
 */

/** Every request body is capped at this size: a login or a form is a few kB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** `alarm.ingest` with a token carries batches of alarms from other programs. */
export const INGEST_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const INGEST_PATH = /^\/api\/trpc\/alarm\.ingest(,alarm\.ingest)*(\?|$)/;

export type TRefusal = { status: 411 | 413; message: string };

/**
 * Refuses a body before it is read: by its declared length (413), or, with no declared length
 * (chunked), with 411, since the size of a chunked body is only known once it has been read.
 * Browsers and the tRPC client always declare the length of the bodies they send.
 */
export function refuseBody(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): TRefusal | null {
  const hasBody = method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
  const declared = headers["content-length"];
  if (declared === undefined) {
    if (hasBody && headers["transfer-encoding"]) return { status: 411, message: "a request body needs a Content-Length" };
    return null;
  }
  const length = Number(declared);
  const bearer = /^bearer\s/i.test(headers.authorization ?? "");
  const limit = bearer && INGEST_PATH.test(url ?? "") ? INGEST_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES;
  if (!Number.isFinite(length) || length > limit)
    return { status: 413, message: `request body too large (limit ${Math.round(limit / 1024)} kB)` };
  return null;
}

/**
 * Next's own scripts are inline (<script>self.__next_f.push(…)</script>) and carry no nonce
 * unless every page renders per request, so scripts allow 'unsafe-inline' from this origin
 * only; everything else is locked to the node itself, and no site may frame Klaxon.
 */
export function contentSecurityPolicy({ dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders({ dev }: { dev: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy({ dev }),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  };
}

/** Parses a comma-separated address list (KLAXON_TRUSTED_PROXIES, METRICS_ALLOW). */
export function addressList(text: string): Set<string> {
  return new Set(
    text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/**
 * X-Forwarded-Proto says how the browser reached the proxy; only a proxy we trust may say it,
 * or anyone could claim HTTPS. Returns the header's value to keep, or undefined to drop it.
 */
export function forwardedProto(headers: IncomingHttpHeaders, { remote, trusted }: { remote: string; trusted: Set<string> }): string | undefined {
  const raw = headers["x-forwarded-proto"];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.split(",")[0]?.trim().toLowerCase();
  if (!value || !trusted.has(remote)) return undefined;
  return value === "https" ? "https" : "http";
}

/**
 * The client's address: the socket's peer, unless that is a trusted proxy and forwarded-for is
 * on; then the nearest X-Forwarded-For entry that is not itself a trusted proxy. Entries to its
 * left were written by the client and prove nothing; the rightmost untrusted one was written by
 * our own proxy about its peer.
 */
export function clientAddress(
  headers: IncomingHttpHeaders,
  { remote, trusted, forwardedFor }: { remote: string; trusted: Set<string>; forwardedFor: boolean },
): string {
  if (!forwardedFor || !trusted.has(remote)) return remote;
  const raw = headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!/^[0-9A-Fa-f:.]{2,45}$/.test(hop)) return remote;
    if (!trusted.has(hop)) return hop;
  }
  return remote;
}

/** The request reached us over HTTPS: by its URL, or by the proto a trusted proxy forwarded. */
export function cameOverHttps(req: Request): boolean {
  if (new URL(req.url).protocol === "https:") return true;
  return req.headers.get("x-forwarded-proto") === "https";
}
