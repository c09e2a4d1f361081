import http from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "../lib/api/client-ip.ts";
import { addressList, clientAddress, forwardedProto, refuseBody, securityHeaders } from "../lib/api/http-guard.ts";
import { loadEnv } from "../lib/config/index.ts";
import { logger } from "../lib/log/index.ts";
import { exitFatal } from "./fatal.ts";

/** Bodies over the limit but at most this size are drained before the 413 (see below). */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The node's web process: Next.js behind a plain HTTP server, so the client address that
 * handlers see comes from the socket and cannot be forged with an X-Forwarded-For header
 * (Next only fills that header in when the client left it out), except from a trusted proxy
 * when KLAXON_TRUST_FORWARDED_FOR is on.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const dev = process.argv.includes("--dev");
  const log = logger(`web ${env.NODE_NAME}`);
  const app = next({ dev, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const headers = securityHeaders({ dev });
  const trusted = addressList(env.KLAXON_TRUSTED_PROXIES);
  // Event streams (the board's live feed) never end by themselves: kept here to be cut at shutdown.
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const remote = req.socket.remoteAddress ?? "";
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.headers, { remote, trusted, forwardedFor: env.KLAXON_TRUST_FORWARDED_FOR });
    const proto = forwardedProto(req.headers, { remote, trusted });
    if (proto) req.headers["x-forwarded-proto"] = proto;
    else delete req.headers["x-forwarded-proto"];
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    // Refused without parsing the body. A client that writes its whole body before it reads the
    // answer (fetch, curl) sees a reset instead of the 413 if the socket closes mid-upload, so a
    // moderately large body is read and discarded first; a huge one is cut off at once.
    const refusal = refuseBody(req.method, req.url, req.headers);
    if (refusal) {
      const answer = () => {
        res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ error: { message: refusal.message } }));
      };
      if (Number(req.headers["content-length"]) <= DRAIN_LIMIT_BYTES) {
        req.once("end", answer).once("error", () => req.destroy());
        req.resume();
      } else answer();
      return;
    }
    if (req.url?.startsWith("/api/alarms/stream")) {
      streams.add(res);
      res.once("close", () => streams.delete(res));
    }
    void handle(req, res);
  });
  // A taken or privileged port stays taken: say so and stop the node instead of restarting.
  server.once("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EADDRINUSE" || e.code === "EACCES" || e.code === "EADDRNOTAVAIL")
      return exitFatal(log, `cannot listen for HTTP on ${env.HOST}:${env.PORT}: ${e.code} (${e.message})`);
    log.error("web server failed", { error: e });
    process.exit(1);
  });
  server.listen(env.PORT, env.HOST, () => log.info(`listening on http://${env.HOST}:${env.PORT}`));
  let stopping = false;
  // Stop taking requests, let the ones under way finish, and cut the event streams at once: they
  // would hold close() until the supervisor's SIGKILL, and boards reconnect (to another node) now.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    for (const res of streams) res.destroy();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The supervisor's IPC channel closed: it is gone (even by SIGKILL), and nobody would stop
  // this process any more. Open streams (SSE) would keep close() waiting, so cut them.
  process.on("disconnect", () => {
    log.warn("supervisor gone: stopping");
    stop();
    server.closeAllConnections();
  });
  if (process.send && !process.connected) process.emit("disconnect");
}

main().catch((e) => {
  logger("web").error("web server failed to start", { error: e });
  process.exit(1);
});
