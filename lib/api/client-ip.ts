/** Set by workers/web-server.ts from the TCP socket on every request; any client-sent value is overwritten. */
export const CLIENT_IP_HEADER = "x-klaxon-client-ip";

export function clientIp(headers: Headers): string | undefined {
  return headers.get(CLIENT_IP_HEADER) || undefined;
}
