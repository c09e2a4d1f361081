import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../lib/auth/index.ts";
import { FAST_ENV } from "../support/cluster-harness.ts";
import { useTestDatabase } from "../support/db-fixture.ts";
import { klaxonStart, type TKlaxonStart } from "../support/klaxon-start.ts";

const ADMIN = { email: "admin@example.com", password: "correct horse battery" };

type TRaw = { status: number; headers: http.IncomingHttpHeaders; body: string; sentBytes: number };

/**
 * A POST that declares `declared` bytes but sends only `send` of them, then waits for the answer:
 * a server that reads the whole body before answering never answers.
 */
function rawPost(port: number, path: string, { declared, send, headers = {} }: { declared?: number; send: number; headers?: Record<string, string> }): Promise<TRaw> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "content-type": "application/json", ...(declared !== undefined ? { "content-length": String(declared) } : {}), ...headers },
    });
    let sentBytes = 0;
    req.on("response", (res) => {
      let body = "";
      res.on("data", (b: Buffer) => {
        body += b.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBytes }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBytes }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(Math.min(send, 64 * 1024), "a");
    const write = () => {
      if (sentBytes >= send) return;
      sentBytes += chunk.length;
      req.write(chunk, () => setImmediate(write));
    };
    write();
    if (declared === send) req.end();
  });
}

function postJson(port: number, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

describe("the node's web server: body limits, security headers, cookies", () => {
  const t = useTestDatabase("http_hardening");
  let node: TKlaxonStart;
  beforeAll(async () => {
    node = await klaxonStart({ DATABASE_URL: t.url, ...FAST_ENV, NODE_NAME: "http-guard", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    await node.ready();
  }, 300_000);
  afterAll(() => node?.killGroup());

  it("a 100 MB login is refused with 413 after the first 64 kB, before the rest is sent", async () => {
    const res = await rawPost(node.port, "/api/trpc/auth.login", { declared: 100 * 1024 * 1024, send: 64 * 1024 });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe("close");
    expect(res.sentBytes).toBeLessThan(10 * 1024 * 1024);
    expect(JSON.parse(res.body).error.message).toMatch(/too large/);
  }, 60_000);

  it("a 2 MB body is refused on every path; alarm.ingest with a token takes it; a chunked body of unknown size gets 411", async () => {
    const big = JSON.stringify({ email: "x".repeat(2 * 1024 * 1024), password: "y" });
    expect((await postJson(node.port, "/api/trpc/auth.login", big)).status).toBe(413);
    expect((await postJson(node.port, "/api/trpc/alarm.ingest", big)).status).toBe(413);

    const { token } = await createApiToken(t.db, { name: "bulk", role: "TECHNICIAN" });
    const alarms = Array.from({ length: 4000 }, (_, i) => ({
      productId: "1000000101",
      severity: "MINOR",
      maintObject: "DS1-BD",
      port: `01A${String(i).padStart(4, "0")}`,
      description: "d".repeat(400),
    }));
    const ingestBody = JSON.stringify({ alarms });
    expect(ingestBody.length).toBeGreaterThan(BODY_MB);
    const ingest = await postJson(node.port, "/api/trpc/alarm.ingest", ingestBody, { authorization: `Bearer ${token}` });
    expect(ingest.status).not.toBe(413);
    // A batch that slips another procedure in gets the ordinary limit.
    const mixed = await postJson(node.port, "/api/trpc/alarm.ingest,auth.login?batch=1", ingestBody, { authorization: `Bearer ${token}` });
    expect(mixed.status).toBe(413);

    const chunked = await rawPost(node.port, "/api/trpc/auth.login", { send: 1024, headers: { "transfer-encoding": "chunked" } });
    expect(chunked.status).toBe(411);

    // An ordinary login still works.
    const ok = await postJson(node.port, "/api/trpc/auth.login", JSON.stringify(ADMIN));
    expect(ok.status).toBe(200);
  }, 120_000);

  it("pages and the API forbid framing and carry a CSP", async () => {
    for (const p of ["/login", "/api/health"]) {
      const res = await fetch(`http://127.0.0.1:${node.port}${p}`);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("the session cookie is Secure when a trusted proxy says the request came over HTTPS, and only then", async () => {
    const viaHttps = await postJson(node.port, "/api/trpc/auth.login", JSON.stringify(ADMIN), { "x-forwarded-proto": "https" });
    expect(viaHttps.status).toBe(200);
    expect(viaHttps.headers.get("set-cookie")).toMatch(/;\s*Secure/);
    const plain = await postJson(node.port, "/api/trpc/auth.login", JSON.stringify(ADMIN));
    expect(plain.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(plain.headers.get("set-cookie")).not.toMatch(/Secure/);
  });

  it("the web and worker processes run with Next's telemetry disabled", () => {
    const pid = node.child.pid as number;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    expect(children.length).toBe(2);
    for (const c of children) {
      const environ = readFileSync(`/proc/${c}/environ`, "utf8").split("\0");
      expect(environ).toContain("NEXT_TELEMETRY_DISABLED=1");
    }
  });

  // Last: it stops the node.
  it("SIGTERM with a board's event stream open: the stream is cut at once and the node stops without the 15 s kill", async () => {
    const login = await postJson(node.port, "/api/trpc/auth.login", JSON.stringify(ADMIN));
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const res = await fetch(`http://127.0.0.1:${node.port}/api/alarms/stream`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("retry:");
    const t0 = Date.now();
    node.kill("SIGTERM");
    // The stream ends (or breaks) instead of waiting for the next ping.
    const ended = await reader.read().then(
      (r) => r.done,
      () => true,
    );
    expect(ended).toBe(true);
    expect(await node.exited).toBe(0);
    expect(node.output()).not.toMatch(/did not stop within/);
    expect(Date.now() - t0).toBeLessThan(12_000);
  }, 60_000);
});

const BODY_MB = 1024 * 1024;
